#!/usr/bin/env bash
# Builds the grpc-go interop programs into .interop-build/, in GOPATH mode against Debian's
# golang-google-grpc-dev sources (no module downloads): the health client
# (spec/interop/go/health-driver) and grpc-go's own health server (spec/interop/go/health-server).
# The specs run this script too, so the binaries are never stale (a warm build is a cache hit).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.interop-build
mkdir -p "$out/gocache"
export GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/$out/gocache" GOFLAGS= CGO_ENABLED=0
go build -o "$out/health-driver" ./spec/interop/go/health-driver
go build -o "$out/health-server" ./spec/interop/go/health-server
