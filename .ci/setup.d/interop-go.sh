#!/usr/bin/env bash
# Builds the grpc-go interop client (spec/interop/go/health-driver) into .interop-build/, in
# GOPATH mode against Debian's golang-google-grpc-dev sources: no module downloads. The spec
# runs this script too, so the binary is never stale (a warm build is a cache hit).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.interop-build
mkdir -p "$out/gocache"
export GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/$out/gocache" GOFLAGS= CGO_ENABLED=0
go build -o "$out/health-driver" ./spec/interop/go/health-driver
