// The import a nice-grpc + RxJS user pays anyway: the main entry's peers, alone.
await import('rxjs');
await import('nice-grpc');
