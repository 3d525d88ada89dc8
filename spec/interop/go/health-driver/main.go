// Command health-driver is a grpc-go health client that a test (or a person) drives over
// stdin/stdout: one JSON command per input line, one JSON event per output line.
// See spec/interop/README.md for the protocol.
//
// Built in GOPATH mode against Debian's golang-google-grpc-dev (no module downloads).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sync"

	"google.golang.org/grpc"
	// Registers grpc-go's client-side health checking (the Watch a channel opens per backend).
	_ "google.golang.org/grpc/health"
)

type command struct {
	ID      int    `json:"id"`
	Op      string `json:"op"`
	Service string `json:"service"`
	Streams int    `json:"streams"`
	Watch   int    `json:"watch"`
}

// output writes one JSON object per line; goroutines of many watch streams share it.
type output struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (o *output) emit(event map[string]interface{}) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_ = o.enc.Encode(event)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: health-driver HOST:PORT  (then JSON commands on stdin, see spec/interop/README.md)")
		os.Exit(2)
	}
	out := &output{enc: json.NewEncoder(os.Stdout)}
	d, err := newDriver(os.Args[1], out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "health-driver:", err)
		os.Exit(1)
	}
	defer d.close()
	out.emit(map[string]interface{}{"ready": true, "grpc": grpc.Version})

	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		if len(bytes.TrimSpace(lines.Bytes())) == 0 {
			continue
		}
		var cmd command
		if err := json.Unmarshal(lines.Bytes(), &cmd); err != nil {
			out.emit(map[string]interface{}{"error": "bad command: " + err.Error()})
			continue
		}
		d.run(cmd)
	}
}
