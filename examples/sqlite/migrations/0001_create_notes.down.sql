DROP TABLE notes;
DROP TABLE authors;
