-- The file name is bound, not quoted into the statement: VACUUM INTO takes any expression.
VACUUM INTO ?
