"""A Python grpcio (C-core) health server, for checking our CLI's own gRPC client against a
stack that shares no code with it. Run with Debian's /usr/bin/python3:

    health_server.py [--gzip] [--tls CERT KEY [--client-ca CA]]

It prints {"port": N} once it listens on 127.0.0.1, then reads "<service> <STATUS>" lines on
stdin to set statuses ("" is the server as a whole). Check answers NOT_FOUND with a message in
non-ASCII characters (C-core percent-encodes it); --gzip enables gzip compression.
"""
import json
import os
import shutil
import sys
import tempfile
import threading
from concurrent import futures
import importlib

import grpc
from grpc_tools import protoc

PROTO = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'proto', 'grpc', 'health', 'v1', 'health.proto')


def load_stubs():
    """Generates health_pb2 / health_pb2_grpc from the vendored proto and imports them."""
    out = tempfile.mkdtemp(prefix='health-server-')
    folder, name = os.path.split(os.path.abspath(PROTO))
    if protoc.main(['protoc', f'-I{folder}', f'--python_out={out}', f'--grpc_python_out={out}', name]) != 0:
        sys.exit(f'health-server: protoc failed on {PROTO}')
    sys.path.insert(0, out)
    try:
        return importlib.import_module('health_pb2'), importlib.import_module('health_pb2_grpc')
    finally:
        sys.path.remove(out)
        shutil.rmtree(out, ignore_errors=True)


pb, pb_grpc = load_stubs()
statuses = {'': pb.HealthCheckResponse.SERVING}
changed = threading.Condition()


class Health(pb_grpc.HealthServicer):
    def Check(self, request, context):
        with changed:
            status = statuses.get(request.service)
        if status is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f'unknown service "{request.service}" (inconnu, 未知)')
        return pb.HealthCheckResponse(status=status)

    def List(self, request, context):
        with changed:
            return pb.HealthListResponse(statuses={name: pb.HealthCheckResponse(status=s) for name, s in statuses.items()})

    def Watch(self, request, context):
        last = None
        while context.is_active():
            with changed:
                status = statuses.get(request.service, pb.HealthCheckResponse.SERVICE_UNKNOWN)
                if status == last:
                    changed.wait(0.1)
                    continue
            last = status
            yield pb.HealthCheckResponse(status=status)


def main(argv):
    gzip = '--gzip' in argv
    options = {}
    if '--tls' in argv:
        i = argv.index('--tls')
        options['cert'], options['key'] = argv[i + 1], argv[i + 2]
    if '--client-ca' in argv:
        options['client_ca'] = argv[argv.index('--client-ca') + 1]
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8),
        compression=grpc.Compression.Gzip if gzip else None,
    )
    pb_grpc.add_HealthServicer_to_server(Health(), server)
    if 'cert' in options:
        read = lambda path: open(path, 'rb').read()
        client_ca = read(options['client_ca']) if 'client_ca' in options else None
        credentials = grpc.ssl_server_credentials(
            [(read(options['key']), read(options['cert']))],
            root_certificates=client_ca,
            require_client_auth=client_ca is not None,
        )
        port = server.add_secure_port('127.0.0.1:0', credentials)
    else:
        port = server.add_insecure_port('127.0.0.1:0')
    server.start()
    sys.stdout.write(json.dumps({'port': port}) + '\n')
    sys.stdout.flush()
    for line in sys.stdin:
        service, _, status = line.strip().rpartition(' ')
        with changed:
            statuses[json.loads(service) if service.startswith('"') else service] = pb.HealthCheckResponse.ServingStatus.Value(status)
            changed.notify_all()
        sys.stdout.write(json.dumps({'set': service}) + '\n')
        sys.stdout.flush()
    server.stop(0)


if __name__ == '__main__':
    main(sys.argv[1:])
