from django.db import models


class PeriodicRun(models.Model):
    """When a periodic job was last handed to the worker queue.

    One row per job: several workers may run, and each job is claimed by a
    conditional UPDATE of its row, so it is queued once per period.
    """

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField()

    class Meta:
        verbose_name = "periodic job run"

    def __str__(self):
        return f"{self.name} at {self.last_enqueued_at:%Y-%m-%d %H:%M:%S}"
