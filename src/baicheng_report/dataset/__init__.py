"""The dataset: what each table is (the registry), how it loads, what it must satisfy."""
