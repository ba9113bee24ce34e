from mono_core import __doc__ as core_doc  # noqa: F401
