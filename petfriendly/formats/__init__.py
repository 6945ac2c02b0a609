"""The clinic's formats per language (``FORMAT_MODULE_PATH``): Colombia's for Spanish."""
