from setuptools import find_packages, setup

from weatherstation import __version__

setup(
    name="weatherstation",
    version=__version__,
    packages=find_packages(exclude=["tests"]),
    install_requires=["msgspec>=0.18", "httpx>=0.27"],
)
