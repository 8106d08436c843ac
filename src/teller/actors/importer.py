"""Placeholder; replaced below."""
def import_dictionary(path):
    raise NotImplementedError
def import_dictionary_cli(path, out=None):
    raise NotImplementedError
