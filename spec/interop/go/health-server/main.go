// Command health-server is grpc-go's own health server (google.golang.org/grpc/health) on
// 127.0.0.1, driven by a test (or a person) over stdin/stdout: one JSON command per input line,
// one JSON reply per output line. See spec/interop/README.md for the protocol.
//
// Built in GOPATH mode against Debian's golang-google-grpc-dev (no module downloads).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

type command struct {
	ID      int    `json:"id"`
	Op      string `json:"op"`
	Service string `json:"service"`
	Status  string `json:"status"`
}

func main() {
	noHealth := flag.Bool("no-health", false, "serve without the Health service (every call: UNIMPLEMENTED)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: health-server [-no-health] HOST:PORT  (port 0: any; then JSON commands on stdin, see spec/interop/README.md)")
		os.Exit(2)
	}
	listener, err := net.Listen("tcp", flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "health-server:", err)
		os.Exit(1)
	}
	server := grpc.NewServer()
	healthServer := health.NewServer()
	if !*noHealth {
		healthgrpc.RegisterHealthServer(server, healthServer)
	}
	go server.Serve(listener)

	out := json.NewEncoder(os.Stdout)
	_ = out.Encode(map[string]interface{}{"ready": true, "grpc": grpc.Version, "port": listener.Addr().(*net.TCPAddr).Port})
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		if len(bytes.TrimSpace(lines.Bytes())) == 0 {
			continue
		}
		var cmd command
		if err := json.Unmarshal(lines.Bytes(), &cmd); err != nil {
			_ = out.Encode(map[string]interface{}{"error": "bad command: " + err.Error()})
			continue
		}
		switch cmd.Op {
		case "set":
			status, ok := healthpb.HealthCheckResponse_ServingStatus_value[cmd.Status]
			if !ok {
				_ = out.Encode(map[string]interface{}{"id": cmd.ID, "error": "unknown status " + cmd.Status})
				continue
			}
			healthServer.SetServingStatus(cmd.Service, healthpb.HealthCheckResponse_ServingStatus(status))
		case "shutdown": // every service NOT_SERVING, later sets ignored, until resume
			healthServer.Shutdown()
		case "resume":
			healthServer.Resume()
		default:
			_ = out.Encode(map[string]interface{}{"id": cmd.ID, "error": "unknown op " + cmd.Op})
			continue
		}
		_ = out.Encode(map[string]interface{}{"id": cmd.ID, "code": 0})
	}
	// stdin closed: the test is done with it.
	server.Stop()
}
