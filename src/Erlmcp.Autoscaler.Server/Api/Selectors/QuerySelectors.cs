using Erlmcp.Autoscaler.Core.Labels;
using Erlmcp.Autoscaler.Server.Api.Status;

namespace Erlmcp.Autoscaler.Server.Api.Selectors;

/// <summary>The selectors of a metrics query, read from its query string; malformed ones are a 400 that names the parameter.</summary>
internal static class QuerySelectors
{
    public const string LabelSelector = "labelSelector";
    public const string MetricLabelSelector = "metricLabelSelector";

    /// <summary>The selector in the parameter; everything when it is absent or empty.</summary>
    /// <exception cref="ApiException">400: the parameter is given twice or does not parse.</exception>
    public static LabelSelector Parse(HttpRequest request, string parameter)
    {
        var values = request.Query[parameter];
        if (values.Count > 1)
        {
            throw new ApiException(ApiStatus.BadRequest(parameter, $"given {values.Count} times; give it once"));
        }

        var text = values.Count == 0 ? null : values[0];
        if (string.IsNullOrEmpty(text))
        {
            return Core.Labels.LabelSelector.Everything;
        }

        try
        {
            return Core.Labels.LabelSelector.Parse(text);
        }
        catch (LabelSelectorException e)
        {
            throw new ApiException(ApiStatus.BadRequest(parameter, e.Message));
        }
    }

    /// <summary>The metric label selector, which values echo as a metav1.LabelSelector: it must be expressible as one.</summary>
    public static LabelSelector ParseMetricSelector(HttpRequest request)
    {
        var selector = Parse(request, MetricLabelSelector);
        return LabelSelectorJson.Unrepresentable(selector) is { } problem
            ? throw new ApiException(ApiStatus.BadRequest(MetricLabelSelector, $"\"{selector}\": {problem}"))
            : selector;
    }
}
