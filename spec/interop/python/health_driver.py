"""A Python grpcio (C-core) health client that a test (or a person) drives over stdin/stdout:
one JSON command per input line, one JSON event per output line. See spec/interop/README.md.

Run it with Debian's /usr/bin/python3 (python3-grpcio, python3-grpc-tools). The stubs are
generated from our vendored proto at start, into a temporary directory, by grpc_tools.protoc.
"""
import asyncio
import importlib
import json
import os
import shutil
import sys
import tempfile

import grpc
from grpc_tools import protoc

# Every unary call is bounded: a driver never hangs a test.
UNARY_TIMEOUT = 3.0
PROTO = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'proto', 'grpc', 'health', 'v1', 'health.proto')


def load_stubs():
    """Generates health_pb2 / health_pb2_grpc from the proto and imports them. The proto is
    compiled from its own folder because a `grpc/` output package would shadow grpcio."""
    out = tempfile.mkdtemp(prefix='health-driver-')
    folder, name = os.path.split(os.path.abspath(PROTO))
    if protoc.main(['protoc', f'-I{folder}', f'--python_out={out}', f'--grpc_python_out={out}', name]) != 0:
        sys.exit(f'health-driver: protoc failed on {PROTO}')
    sys.path.insert(0, out)
    try:
        return importlib.import_module('health_pb2'), importlib.import_module('health_pb2_grpc')
    finally:
        sys.path.remove(out)
        shutil.rmtree(out, ignore_errors=True)


pb, pb_grpc = load_stubs()
STATUS = pb.HealthCheckResponse.ServingStatus.Name


def emit(event):
    sys.stdout.write(json.dumps(event) + '\n')
    sys.stdout.flush()


def failure(command_id, error):
    return {'id': command_id, 'code': error.code().value[0], 'message': error.details()}


class Driver:
    def __init__(self, address):
        self.address = address
        self.channel = grpc.aio.insecure_channel(address)
        self.stub = pb_grpc.HealthStub(self.channel)
        self.watches = {}
        self.lb_channels = {}  # one health-checked channel per watched service name
        self.readers = set()  # the event loop keeps only weak references to tasks

    async def close(self):
        for channel in [self.channel, *self.lb_channels.values()]:
            await channel.close(None)

    async def run(self, cmd):
        op, cid = cmd.get('op'), cmd.get('id')
        try:
            if op == 'check':
                res = await self.stub.Check(pb.HealthCheckRequest(service=cmd.get('service', '')), timeout=UNARY_TIMEOUT)
                emit({'id': cid, 'code': 0, 'status': STATUS(res.status)})
            elif op == 'list':
                res = await self.stub.List(pb.HealthListRequest(), timeout=UNARY_TIMEOUT)
                statuses = {name: STATUS(entry.status) for name, entry in res.statuses.items()}
                emit({'id': cid, 'code': 0, 'statuses': statuses})
            elif op == 'lbcall':
                res = await self.lb_stub(cmd.get('service', '')).Check(pb.HealthCheckRequest(service=''), timeout=UNARY_TIMEOUT)
                emit({'id': cid, 'code': 0, 'status': STATUS(res.status)})
            elif op == 'watch':
                calls = [self.stub.Watch(pb.HealthCheckRequest(service=cmd.get('service', '')))
                         for _ in range(max(1, cmd.get('streams', 1)))]
                self.watches[cid] = calls
                for index, call in enumerate(calls):
                    task = asyncio.ensure_future(self.read(cid, index, call))
                    self.readers.add(task)
                    task.add_done_callback(self.readers.discard)
                emit({'id': cid, 'code': 0})
            elif op == 'cancel':
                calls = self.watches.pop(cmd.get('watch'), [])
                for call in calls:
                    call.cancel()
                emit({'id': cid, 'code': 0, 'found': bool(calls)})
            else:
                emit({'id': cid, 'error': f'unknown op {op!r}'})
        except grpc.aio.AioRpcError as error:
            emit(failure(cid, error))

    def lb_stub(self, service):
        """A round_robin channel whose client-side health checking watches `service`. RPCs on
        it are not wait-for-ready: with no healthy backend they fail fast with UNAVAILABLE."""
        if service not in self.lb_channels:
            config = {'loadBalancingConfig': [{'round_robin': {}}], 'healthCheckConfig': {'serviceName': service}}
            self.lb_channels[service] = grpc.aio.insecure_channel(
                self.address, options=[('grpc.service_config', json.dumps(config))])
        return pb_grpc.HealthStub(self.lb_channels[service])

    async def read(self, watch_id, index, call):
        code = 0
        try:
            async for res in call:
                emit({'watch': watch_id, 'stream': index, 'status': STATUS(res.status)})
        except asyncio.CancelledError:
            code = grpc.StatusCode.CANCELLED.value[0]
        except grpc.aio.AioRpcError as error:
            code = error.code().value[0]
        emit({'watch': watch_id, 'stream': index, 'end': code})


async def main(address):
    driver = Driver(address)
    emit({'ready': True, 'grpc': grpc.__version__})
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        if not line.strip():
            continue
        try:
            cmd = json.loads(line)
        except ValueError as error:
            emit({'error': f'bad command: {error}'})
            continue
        await driver.run(cmd)
    await driver.close()


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: /usr/bin/python3 health_driver.py HOST:PORT  (then JSON commands on stdin)')
    asyncio.run(main(sys.argv[1]))
