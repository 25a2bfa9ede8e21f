"""Standard metadata views of the dataset, each generated from the one record of dataset facts
(`meta.DATASET`) and the pandera schemas: Data Package, CSVW, RO-Crate, schema.org, Zenodo,
CFF. `files` lists what `baicheng-report package` writes."""
