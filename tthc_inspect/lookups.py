"""``field__any=[ids]``: membership in a list of integers, sent as one array parameter on PostgreSQL.

Django's ``__in`` writes one placeholder per value and prepares each value in Python; for the
dashboards' area filter (a province and its hundred-odd districts and communes, repeated in every
aggregate of a page) that preparation cost more than the queries it filtered. PostgreSQL gets
``= ANY(%s)`` with the list as one array; other databases get a plain ``IN (...)``.
"""

from django.db.models import ForeignKey, IntegerField, Lookup


class AnyOf(Lookup):
    lookup_name = "any"

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", list(lhs_params)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


IntegerField.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)
