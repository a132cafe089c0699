# erlmcp-autoscaler: `docker build -t erlmcp-autoscaler:0.1.0 .` from the repository root.
# Build on the .NET SDK image, run on the chiseled ASP.NET runtime image (no shell, no package manager) as its
# non-root `app` user. Both bases are pinned by tag; pin them by digest in your registry too.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, on the project files only, so source edits do not invalidate the restore layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Erlmcp.Autoscaler/Erlmcp.Autoscaler.csproj src/Erlmcp.Autoscaler/
COPY src/Erlmcp.Autoscaler.Core/Erlmcp.Autoscaler.Core.csproj src/Erlmcp.Autoscaler.Core/
COPY src/Erlmcp.Autoscaler.Erlang/Erlmcp.Autoscaler.Erlang.csproj src/Erlmcp.Autoscaler.Erlang/
COPY src/Erlmcp.Autoscaler.Server/Erlmcp.Autoscaler.Server.csproj src/Erlmcp.Autoscaler.Server/
COPY src/Erlmcp.Autoscaler.Simulation/Erlmcp.Autoscaler.Simulation.csproj src/Erlmcp.Autoscaler.Simulation/
RUN dotnet restore src/Erlmcp.Autoscaler/Erlmcp.Autoscaler.csproj
COPY src/ src/
# The simulator embeds the deployment guide's HPA (the one deploy/erlmcp/hpa.yaml equals).
COPY examples/hpa/erlmcp-hpa.yaml examples/hpa/
# The same command tests/Erlmcp.Autoscaler.Deploy.Tests runs (ImageBuildTests).
RUN dotnet publish src/Erlmcp.Autoscaler -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# Read-only root filesystem: no diagnostics IPC socket (it would be written under /tmp), no first-run files,
# temporary files only under /tmp (an emptyDir in the Deployment).
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    TMPDIR=/tmp
# The image's non-root user `app` ($APP_UID), numeric so that Kubernetes' runAsNonRoot can verify it; the
# Deployment's runAsUser is the same.
USER 1654:1654
# 6443: the HTTPS metrics API (also /healthz /readyz /livez); 6000: KEDA's external scaler (gRPC over TLS);
# 9090: the server's own Prometheus /metrics (plain HTTP).
EXPOSE 6443 6000 9090
# No HEALTHCHECK: Kubernetes ignores it (the Deployment's probes call /livez and /readyz over HTTPS), and the
# chiseled image has no shell or curl to run one.
ENTRYPOINT ["/app/erlmcp-autoscaler", "serve"]
