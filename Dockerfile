# tandem as a container image: one static binary, SQLite on the /data volume.
#
# Not built by CI: no Docker engine runs on the project's machines, so this
# file is kept small enough to check by reading. Build and run it with
# docs/deploy.md:
#
#   docker build -t tandem .
#   docker run -d --name tandem -v tandem-data:/data \
#     -v "$PWD/tandem.yaml:/etc/tandem/tandem.yaml:ro" \
#     -e SLACK_APP_TOKEN -e SLACK_BOT_TOKEN -p 127.0.0.1:9090:9090 tandem

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Pure Go (modernc SQLite): CGO_ENABLED=0 gives a static binary that needs
# no libc. VERSION and BUILD_TIME are optional build arguments.
ARG VERSION=dev
ARG BUILD_TIME=
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.buildTime=${BUILD_TIME}" \
      -o /out/tandem ./cmd/tandem \
 && mkdir -p /out/data

# distroless/static: CA certificates, tzdata and /etc/passwd with the
# nonroot user (65532), and nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tandem /tandem
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
VOLUME /data
# Inside the container the endpoint listens on every interface so that
# -p can publish it; publish it on loopback or a private network only.
ENV TANDEM_HTTP_LISTEN=:9090
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/tandem", "health", "-url", "http://127.0.0.1:9090/healthz"]
ENTRYPOINT ["/tandem"]
CMD ["run", "-config", "/etc/tandem/tandem.yaml"]
