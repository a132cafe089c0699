using Erlmcp.Autoscaler.Server.Connections;
using Externalscaler;
using Grpc.Core;

namespace Erlmcp.Autoscaler.Server.Keda;

/// <summary>
/// KEDA's external scaler over the connection store, with the same freshness rules as the metrics API: only pods
/// with a value observed within the staleness bound count. <c>GetMetrics</c> answers the trigger's metric (the
/// total, or the total per pod); the trigger is active while that value is above <c>activationConnections</c>.
/// </summary>
internal sealed class ConnectionScalerService(ConnectionMetricsProvider provider, TimeProvider time, IHostApplicationLifetime lifetime)
    : ExternalScaler.ExternalScalerBase
{
    /// <summary>How often an open <c>StreamIsActive</c> looks at the store (values arrive about once a second).</summary>
    public static readonly TimeSpan StreamCheckInterval = TimeSpan.FromSeconds(1);

    public override Task<IsActiveResponse> IsActive(ScaledObjectRef request, ServerCallContext context) =>
        Task.FromResult(new IsActiveResponse { Result = Active(ScalerMetadata.Read(request)) });

    /// <summary>Sends the current activity at once, then each change of it, until KEDA closes the stream or the server stops.</summary>
    public override async Task StreamIsActive(ScaledObjectRef request, IServerStreamWriter<IsActiveResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = ScalerMetadata.Read(request);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        // The timer exists before the first answer, so a clock stepped after that answer is seen.
        using var timer = new PeriodicTimer(StreamCheckInterval, time);
        var sent = Active(metadata);
        await responseStream.WriteAsync(new IsActiveResponse { Result = sent }, stop.Token);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var active = Active(metadata);
                if (active != sent)
                {
                    await responseStream.WriteAsync(new IsActiveResponse { Result = active }, stop.Token);
                    sent = active;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // KEDA closed the stream, or the server is stopping: the stream ends normally.
        }
    }

    public override Task<GetMetricSpecResponse> GetMetricSpec(ScaledObjectRef request, ServerCallContext context)
    {
        var metadata = ScalerMetadata.Read(request);
        var spec = new MetricSpec
        {
            MetricName = metadata.MetricName,
            TargetSize = (long)Math.Round(metadata.TargetConnectionsPerPod, MidpointRounding.AwayFromZero),
            TargetSizeFloat = metadata.TargetConnectionsPerPod,
        };
        return Task.FromResult(new GetMetricSpecResponse { MetricSpecs = { spec } });
    }

    /// <exception cref="RpcException">
    /// InvalidArgument: bad metadata, or a metric name other than the trigger's. NotFound: no selected pod has a fresh
    /// value, so that KEDA reports an error (and applies its fallback) rather than scaling on a made-up zero.
    /// </exception>
    public override Task<GetMetricsResponse> GetMetrics(GetMetricsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = ScalerMetadata.Read(request.ScaledObjectRef);
        if (request.MetricName.Length > 0 && request.MetricName != metadata.MetricName)
        {
            throw ScalerMetadata.Invalid(ScalerMetadata.MetricNameKey, $"the request asks for \"{request.MetricName}\" but the trigger serves \"{metadata.MetricName}\"");
        }

        var total = Sum(metadata);
        if (total.Pods == 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no pod of {metadata.Describe()} has a fresh erlmcp_connections value"));
        }

        var value = metadata.MetricValue(total);
        var metric = new MetricValue
        {
            MetricName = metadata.MetricName,
            MetricValue_ = (long)Math.Round(value, MidpointRounding.AwayFromZero),
            MetricValueFloat = value,
        };
        return Task.FromResult(new GetMetricsResponse { MetricValues = { metric } });
    }

    /// <summary>Active while some selected pod has a fresh value and the trigger's metric is above the activation threshold.</summary>
    private bool Active(ScalerMetadata metadata)
    {
        var total = Sum(metadata);
        return total.Pods > 0 && metadata.MetricValue(total) > metadata.ActivationConnections;
    }

    private ConnectionTotal Sum(ScalerMetadata metadata) => provider.Sum(metadata.Namespace, metadata.StatefulSet, metadata.LabelSelector);
}
