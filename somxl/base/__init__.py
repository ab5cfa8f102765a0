"""The shared base every stage builds on: the vocabulary, the issue codes, reports and
the console, numbers, atomic output, and the safety gate with the small .xlsx reader
that every file somxl reads passes, whatever its role."""
