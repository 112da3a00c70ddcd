"""The sync stage: takes a rendered deck and the note types of the package stage, reads what a
collection holds of the deck (through the collection file or AnkiConnect), plans what must change,
and applies it; gives a summary of what changed and the record of what it wrote."""
