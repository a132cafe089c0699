using System.Collections.Concurrent;
using System.Globalization;
using Erlmcp.Autoscaler.Core.Connections;
using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Core.Quantities;
using Erlmcp.Autoscaler.Server.Metrics;

namespace Erlmcp.Autoscaler.Server.Connections;

/// <summary>
/// Serves the connection store: <c>erlmcp_connections</c> per pod, summed per StatefulSet and per namespace, and the
/// external <c>erlmcp_connections_total</c> and <c>erlmcp_connections_headroom</c>. Only fresh values count; label
/// selectors match the pods' labels (a StatefulSet is known through its pods), metric label selectors match a
/// value's <c>source</c> label.
/// </summary>
public sealed class ConnectionMetricsProvider : ICustomMetricsProvider, IExternalMetricsProvider
{
    private static readonly CustomMetricInfo PodConnections = new(GroupResource.Pods, Namespaced: true, ConnectionMetricNames.Connections);
    private static readonly CustomMetricInfo StatefulSetConnections = new(GroupResource.StatefulSets, Namespaced: true, ConnectionMetricNames.Connections);
    private static readonly CustomMetricInfo NamespaceConnections = new(GroupResource.Namespaces, Namespaced: false, ConnectionMetricNames.Connections);

    private static readonly IReadOnlyList<CustomMetricInfo> CustomMetrics = [PodConnections, StatefulSetConnections, NamespaceConnections];

    private static readonly IReadOnlyList<ExternalMetricInfo> ExternalMetrics =
        [new(ConnectionMetricNames.Total), new(ConnectionMetricNames.Headroom)];

    private readonly ConnectionStore store;
    private readonly TimeProvider time;
    private readonly long perPodLimit;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> sourceLabels = new(StringComparer.Ordinal);

    public ConnectionMetricsProvider(ConnectionStore store, TimeProvider time, long perPodConnectionLimit)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perPodConnectionLimit);
        this.store = store;
        this.time = time;
        perPodLimit = perPodConnectionLimit;
    }

    public IReadOnlyList<CustomMetricInfo> ListAllMetrics() => CustomMetrics;

    public IReadOnlyList<ExternalMetricInfo> ListAllExternalMetrics() => ExternalMetrics;

    public MetricValue GetMetricByName(string? @namespace, string name, CustomMetricInfo info, LabelSelector metricSelector)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(metricSelector);
        var served = Served(info, @namespace);
        var snapshot = store.Snapshot(time.GetUtcNow());
        var metric = new MetricIdentifier(served.Metric, Echo(metricSelector));
        if (served == PodConnections)
        {
            if (snapshot.TryGetFresh(new PodReference(@namespace!, name), out var pod) && MetricLabelsMatch(metricSelector, pod.Latest!))
            {
                return PodValue(pod, metric);
            }

            throw MetricNotFoundException.For(info.GroupResource, info.Metric, name, $"pod {@namespace}/{name} has no value{FromSources(metricSelector)} observed in the last {Seconds(snapshot.StalenessBound)}");
        }

        var total = new ConnectionTotal();
        var pods = served == NamespaceConnections ? snapshot.InNamespace(name) : snapshot.InNamespace(@namespace!);
        foreach (var pod in pods)
        {
            if (snapshot.IsFresh(pod) && MetricLabelsMatch(metricSelector, pod.Latest!)
                && (served == NamespaceConnections || string.Equals(pod.StatefulSet, name, StringComparison.Ordinal)))
            {
                total = total.Add(pod.Latest!);
            }
        }

        if (total.Pods == 0)
        {
            var owner = served == NamespaceConnections ? $"namespace {name}" : $"StatefulSet {@namespace}/{name}";
            throw MetricNotFoundException.For(info.GroupResource, info.Metric, name, $"no pod of {owner} has a value{FromSources(metricSelector)} observed in the last {Seconds(snapshot.StalenessBound)}");
        }

        var described = served == NamespaceConnections ? ObjectReference.ForNamespace(name) : ObjectReference.ForStatefulSet(@namespace!, name);
        return TotalValue(described, metric, total);
    }

    public MetricValueList GetMetricBySelector(string? @namespace, LabelSelector selector, CustomMetricInfo info, LabelSelector metricSelector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(metricSelector);
        var served = Served(info, @namespace);
        var snapshot = store.Snapshot(time.GetUtcNow());
        var metric = new MetricIdentifier(served.Metric, Echo(metricSelector));
        var list = served == PodConnections ? PodValues(snapshot, @namespace!, selector, metricSelector, metric) : TotalValues(snapshot, @namespace, selector, metricSelector, metric, served);
        if (list.Count == 0)
        {
            list.Dispose();
            var scope = @namespace is null ? "" : $" in namespace {@namespace}";
            throw MetricNotFoundException.For(info.GroupResource, info.Metric, name: null, $"no pod{scope}{Matching(selector)} has a value{FromSources(metricSelector)} observed in the last {Seconds(snapshot.StalenessBound)}");
        }

        return list;
    }

    public IReadOnlyList<ExternalMetricValue> GetExternalMetric(string @namespace, LabelSelector metricSelector, ExternalMetricInfo info)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(metricSelector);
        ArgumentNullException.ThrowIfNull(info);
        var headroom = info.Metric == ConnectionMetricNames.Headroom;
        if (!headroom && info.Metric != ConnectionMetricNames.Total)
        {
            throw new MetricNotFoundException($"the server could not find the external metric {info.Metric}");
        }

        var total = Sum(@namespace, statefulSet: null, metricSelector);
        if (total.Pods == 0)
        {
            throw new MetricNotFoundException(
                $"the server could not find the external metric {info.Metric}: no pod in namespace {@namespace}{Matching(metricSelector)} has a value observed in the last {Seconds(store.StalenessBound)}");
        }

        var value = headroom ? (perPodLimit * total.Pods) - total.Connections : total.Connections;
        return [new ExternalMetricValue(info.Metric, EqualityLabels(metricSelector), total.Oldest, total.Window, Quantity.FromValue(value, QuantityFormat.DecimalSI))];
    }

    /// <summary>
    /// The fresh values of the pods in the namespace that the selector picks (and, when <paramref name="statefulSet"/>
    /// is given, that it controls), summed: the external metrics and the KEDA scaler.
    /// </summary>
    internal ConnectionTotal Sum(string @namespace, string? statefulSet, LabelSelector selector)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(selector);
        var snapshot = store.Snapshot(time.GetUtcNow());
        var total = new ConnectionTotal();
        foreach (var pod in snapshot.InNamespace(@namespace))
        {
            if (snapshot.IsFresh(pod) && selector.Matches(pod.Labels) && (statefulSet is null || string.Equals(pod.StatefulSet, statefulSet, StringComparison.Ordinal)))
            {
                total = total.Add(pod.Latest!);
            }
        }

        return total;
    }

    private MetricValueList PodValues(ConnectionSnapshot snapshot, string @namespace, LabelSelector selector, LabelSelector metricSelector, MetricIdentifier metric)
    {
        var pods = snapshot.InNamespace(@namespace);
        var list = new MetricValueList(pods.Length);
        foreach (var pod in pods)
        {
            if (snapshot.IsFresh(pod) && selector.Matches(pod.Labels) && MetricLabelsMatch(metricSelector, pod.Latest!))
            {
                list.Add(PodValue(pod, metric));
            }
        }

        return list;
    }

    /// <summary>One total per StatefulSet (in a namespace) or per namespace (root-scoped), by name.</summary>
    private MetricValueList TotalValues(
        ConnectionSnapshot snapshot, string? @namespace, LabelSelector selector, LabelSelector metricSelector, MetricIdentifier metric, CustomMetricInfo served)
    {
        var totals = new SortedDictionary<string, ConnectionTotal>(StringComparer.Ordinal);
        var pods = @namespace is null ? snapshot.Pods : snapshot.InNamespace(@namespace);
        foreach (var pod in pods)
        {
            var owner = served == NamespaceConnections ? pod.Pod.Namespace : pod.StatefulSet;
            if (owner is not null && snapshot.IsFresh(pod) && selector.Matches(pod.Labels) && MetricLabelsMatch(metricSelector, pod.Latest!))
            {
                totals[owner] = totals.GetValueOrDefault(owner).Add(pod.Latest!);
            }
        }

        var list = new MetricValueList(totals.Count);
        foreach (var (owner, total) in totals)
        {
            var described = served == NamespaceConnections ? ObjectReference.ForNamespace(owner) : ObjectReference.ForStatefulSet(@namespace!, owner);
            list.Add(TotalValue(described, metric, total));
        }

        return list;
    }

    private static MetricValue PodValue(PodConnections pod, MetricIdentifier metric)
    {
        var latest = pod.Latest!;
        return new MetricValue(
            ObjectReference.ForPod(pod.Pod.Namespace, pod.Pod.Name), metric, latest.ObservedAt, latest.Window, Quantity.FromValue(latest.Connections, QuantityFormat.DecimalSI));
    }

    private static MetricValue TotalValue(ObjectReference described, MetricIdentifier metric, ConnectionTotal total) =>
        new(described, metric, total.Oldest, total.Window, Quantity.FromValue(total.Connections, QuantityFormat.DecimalSI));

    /// <summary>The served metric the query names, or upstream's not-found error.</summary>
    private static CustomMetricInfo Served(CustomMetricInfo info, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(info);
        foreach (var served in CustomMetrics)
        {
            if (served.GroupResource == info.GroupResource && served.Metric == info.Metric && served.Namespaced == (@namespace is not null))
            {
                return served;
            }
        }

        throw new MetricNotFoundException($"the server could not find the metric {info.Metric} for {info.GroupResource}");
    }

    private bool MetricLabelsMatch(LabelSelector metricSelector, ConnectionObservation observation) =>
        metricSelector.IsEmpty || metricSelector.Matches(SourceLabels(observation.Source));

    private IReadOnlyDictionary<string, string> SourceLabels(string source) =>
        sourceLabels.GetOrAdd(source, static s => new Dictionary<string, string>(StringComparer.Ordinal) { [ConnectionMetricNames.SourceLabel] = s });

    /// <summary>What the value reports as its metric selector: the query's, or none when it gave none.</summary>
    private static LabelSelector? Echo(LabelSelector metricSelector) => metricSelector.IsEmpty ? null : metricSelector;

    /// <summary>
    /// The labels every selected pod shares by the selector's own terms (<c>k=v</c>, <c>k in (v)</c>): the series
    /// labels a sum over those pods keeps.
    /// </summary>
    private static SortedDictionary<string, string> EqualityLabels(LabelSelector selector)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Operator is SelectionOperator.Equals or SelectionOperator.DoubleEquals or SelectionOperator.In && requirement.Values.Count == 1)
            {
                labels[requirement.Key] = requirement.Values[0];
            }
        }

        return labels;
    }

    private static string Matching(LabelSelector selector) => selector.IsEmpty ? "" : $" matching {selector}";

    private static string FromSources(LabelSelector metricSelector) => metricSelector.IsEmpty ? "" : $" with metric labels matching {metricSelector}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
