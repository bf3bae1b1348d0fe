"""Probes for load balancers and orchestrators."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process is alive and answers; touches no database (the floor of the benchmark)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready for traffic: the database answers and every migration is applied; 503 if not."""
    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if unapplied:
        pending = [f"{migration.app_label}.{migration.name}" for migration, _ in unapplied]
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "unapplied_migrations": pending},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
