"""The write-back stage: takes the HTML Anki holds of a note that was edited there and the
Markdown its question was rendered from, and gives the edited Markdown: unchanged blocks as
they were written, changed ones converted back, the question's lines located in its file and
rewritten there alone, and the file replaced atomically."""
