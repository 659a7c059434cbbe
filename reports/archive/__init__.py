"""'Lập hồ sơ lưu trữ': the ZIP of a closed plan's file (layout and metadata in docs/archive.md §7)."""
