package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// unaryTimeout bounds every unary call: a driver never hangs a test.
const unaryTimeout = 3 * time.Second

type driver struct {
	address string
	out     *output
	conn    *grpc.ClientConn
	mu      sync.Mutex
	watches map[int]context.CancelFunc
	// one health-checked channel per watched service name (lbcall)
	lbConns map[string]*grpc.ClientConn
}

func newDriver(address string, out *output) (*driver, error) {
	conn, err := grpc.Dial(address, grpc.WithInsecure())
	if err != nil {
		return nil, err
	}
	return &driver{address: address, out: out, conn: conn,
		watches: map[int]context.CancelFunc{}, lbConns: map[string]*grpc.ClientConn{}}, nil
}

func (d *driver) close() {
	d.conn.Close()
	for _, c := range d.lbConns {
		c.Close()
	}
}

func (d *driver) run(cmd command) {
	switch cmd.Op {
	case "check":
		ctx, cancel := context.WithTimeout(context.Background(), unaryTimeout)
		defer cancel()
		res, err := healthpb.NewHealthClient(d.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: cmd.Service})
		d.reply(cmd.ID, res, err)
	case "lbcall":
		d.lbcall(cmd)
	case "watch":
		d.watch(cmd)
	case "cancel":
		d.mu.Lock()
		cancel, ok := d.watches[cmd.Watch]
		delete(d.watches, cmd.Watch)
		d.mu.Unlock()
		if ok {
			cancel()
		}
		d.out.emit(map[string]interface{}{"id": cmd.ID, "code": 0, "found": ok})
	default:
		d.out.emit(map[string]interface{}{"id": cmd.ID, "error": fmt.Sprintf("unknown op %q (this client has no List)", cmd.Op)})
	}
}

func (d *driver) reply(id int, res *healthpb.HealthCheckResponse, err error) {
	event := map[string]interface{}{"id": id, "code": int(status.Code(err))}
	if err != nil {
		event["message"] = status.Convert(err).Message()
	} else {
		event["status"] = res.Status.String()
	}
	d.out.emit(event)
}

// lbcall makes one RPC (Check "") on a round_robin channel whose client-side health checking
// watches cmd.Service, so the RPC's fate is decided by the channel's view of that service.
// It is not wait-for-ready: with no healthy backend it fails fast with UNAVAILABLE.
func (d *driver) lbcall(cmd command) {
	d.mu.Lock()
	conn, ok := d.lbConns[cmd.Service]
	if !ok {
		config := fmt.Sprintf(`{"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":%q}}`, cmd.Service)
		var err error
		conn, err = grpc.Dial(d.address, grpc.WithInsecure(), grpc.WithDefaultServiceConfig(config))
		if err != nil {
			d.mu.Unlock()
			d.out.emit(map[string]interface{}{"id": cmd.ID, "error": err.Error()})
			return
		}
		d.lbConns[cmd.Service] = conn
	}
	d.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), unaryTimeout)
	defer cancel()
	res, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: ""})
	d.reply(cmd.ID, res, err)
}

// watch opens cmd.Streams Watch calls for cmd.Service; each message becomes
// {"watch":id,"stream":i,"status":...}, and the end of a stream {"watch":id,"stream":i,"end":code}.
func (d *driver) watch(cmd command) {
	ctx, cancel := context.WithCancel(context.Background())
	d.mu.Lock()
	d.watches[cmd.ID] = cancel
	d.mu.Unlock()
	streams := cmd.Streams
	if streams < 1 {
		streams = 1
	}
	client := healthpb.NewHealthClient(d.conn)
	for i := 0; i < streams; i++ {
		go func(i int) {
			stream, err := client.Watch(ctx, &healthpb.HealthCheckRequest{Service: cmd.Service})
			for err == nil {
				var res *healthpb.HealthCheckResponse
				if res, err = stream.Recv(); err == nil {
					d.out.emit(map[string]interface{}{"watch": cmd.ID, "stream": i, "status": res.Status.String()})
				}
			}
			code := status.Code(err)
			if err == io.EOF {
				code = codes.OK
			}
			d.out.emit(map[string]interface{}{"watch": cmd.ID, "stream": i, "end": int(code)})
		}(i)
	}
	d.out.emit(map[string]interface{}{"id": cmd.ID, "code": 0})
}
