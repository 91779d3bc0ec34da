"""Where files that are not public are kept: the "private" storage (settings.STORAGES), which
the web server never serves. A FileField takes `storage=private_storage`, a callable, so the
choice of backend stays in the settings and out of the migrations."""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on the local disk, outside MEDIA_ROOT, that have no URL: a view streams each one
    after checking who asks."""

    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no URL: stream it through a view.")


def private_storage() -> Storage:
    return storages["private"]
