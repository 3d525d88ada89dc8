// The main entry's cold import (which loads its peers, rxjs and nice-grpc, too).
await import('livery-grpc-health');
