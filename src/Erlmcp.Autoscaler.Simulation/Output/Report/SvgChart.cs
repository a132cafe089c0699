using System.Globalization;
using System.Text;

namespace Erlmcp.Autoscaler.Simulation.Output.Report;

/// <summary>
/// A time chart written as inline SVG: lines, shaded bands and vertical event markers over elapsed hours, with
/// axes, ticks, labels and a legend. Long series are downsampled so the file stays small and opens fast.
/// </summary>
public sealed class SvgChart(string id, string title, string yLabel)
{
    /// <summary>At most this many points per series: min and max of each of half as many buckets.</summary>
    public const int MaxPoints = 2000;

    private const double Width = 1200;
    private const double Height = 300;
    private const double Left = 80;
    private const double Right = 20;
    private const double Top = 34;
    private const double Bottom = 42;

    private readonly List<(string Name, string Color, string Svg)> _legend = [];
    private readonly List<Func<Func<double, double>, Func<double, double>, string>> _layers = [];
    private double _xMax;
    private double _yMax;

    public string Id => id;

    /// <summary>The largest x (hours) drawn so far.</summary>
    public double XMax => _xMax;

    /// <summary>The largest y drawn so far.</summary>
    public double YMax => _yMax;

    /// <summary>Widens the axes to at least these maxima, so charts drawn side by side share one scale.</summary>
    public SvgChart ScaleAtLeast(double xMax, double yMax)
    {
        _xMax = Math.Max(_xMax, xMax);
        _yMax = Math.Max(_yMax, yMax);
        return this;
    }

    /// <summary>A line through (x hours, y); <paramref name="dashed"/> for reference lines such as capacity.</summary>
    public SvgChart Line(string name, string color, IReadOnlyList<double> xHours, IReadOnlyList<double> y, bool dashed = false)
    {
        Extend(xHours, y);
        var (xs, ys) = MinMaxDownsample(xHours, y);
        var dash = dashed ? " stroke-dasharray=\"6 4\"" : "";
        _legend.Add((name, color, $"<line x1=\"0\" y1=\"0\" x2=\"18\" y2=\"0\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>"));
        _layers.Add((px, py) => $"<polyline class=\"series\" data-name=\"{SvgText.Encode(name)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"{dash} points=\"{Points(xs, ys, px, py)}\"/>");
        return this;
    }

    /// <summary>The area between <paramref name="lower"/> and <paramref name="upper"/>, shaded; empty where they meet.</summary>
    public SvgChart Band(string name, string color, IReadOnlyList<double> xHours, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        Extend(xHours, upper);
        var (xs, lo) = MeanDownsample(xHours, lower);
        var (_, hi) = MeanDownsample(xHours, upper);
        _legend.Add((name, color, $"<rect x=\"0\" y=\"-6\" width=\"18\" height=\"12\" fill=\"{color}\" fill-opacity=\"0.45\"/>"));
        _layers.Add((px, py) =>
        {
            var reversedX = xs.AsEnumerable().Reverse().ToArray();
            var reversedLo = lo.AsEnumerable().Reverse().ToArray();
            return $"<polygon class=\"band\" data-name=\"{SvgText.Encode(name)}\" fill=\"{color}\" fill-opacity=\"0.45\" stroke=\"none\" points=\"{Points(xs, hi, px, py)} {Points(reversedX, reversedLo, px, py)}\"/>";
        });
        return this;
    }

    /// <summary>A thin vertical line at each of <paramref name="xHours"/> (scale events, say).</summary>
    public SvgChart Markers(string name, string color, IReadOnlyList<double> xHours)
    {
        ArgumentNullException.ThrowIfNull(xHours);
        _xMax = Math.Max(_xMax, xHours.Count == 0 ? 0 : xHours.Max());
        _legend.Add((name, color, $"<line x1=\"9\" y1=\"-7\" x2=\"9\" y2=\"7\" stroke=\"{color}\" stroke-width=\"2\"/>"));
        _layers.Add((px, _) =>
        {
            var text = new StringBuilder($"<g class=\"markers\" data-name=\"{SvgText.Encode(name)}\" stroke=\"{color}\" stroke-width=\"1\" stroke-opacity=\"0.7\">");
            foreach (var x in xHours)
            {
                text.Append(CultureInfo.InvariantCulture, $"<line x1=\"{SvgText.F(px(x))}\" y1=\"{SvgText.F(Top)}\" x2=\"{SvgText.F(px(x))}\" y2=\"{SvgText.F(Height - Bottom)}\"/>");
            }

            return text.Append("</g>").ToString();
        });
        return this;
    }

    public string Render()
    {
        var xMax = _xMax > 0 ? _xMax : 1;
        var xTicks = TimeTicks(xMax);
        var yTicks = NiceTicks(_yMax > 0 ? _yMax : 1);
        var yTop = yTicks[^1];
        double Px(double x) => Left + x / xMax * (Width - Left - Right);
        double Py(double y) => Height - Bottom - y / yTop * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{SvgText.Encode(id)}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {SvgText.F(Width)} {SvgText.F(Height)}\" width=\"{SvgText.F(Width)}\" height=\"{SvgText.F(Height)}\" role=\"img\" aria-label=\"{SvgText.Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{SvgText.F(Left)}\" y=\"18\" class=\"title\">{SvgText.Encode(title)}</text>");
        foreach (var y in yTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{SvgText.F(Left)}\" y1=\"{SvgText.F(Py(y))}\" x2=\"{SvgText.F(Width - Right)}\" y2=\"{SvgText.F(Py(y))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.F(Left - 6)}\" y=\"{SvgText.F(Py(y) + 4)}\" text-anchor=\"end\">{SvgText.Label(y)}</text>");
        }

        foreach (var x in xTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{SvgText.F(Px(x))}\" y1=\"{SvgText.F(Height - Bottom)}\" x2=\"{SvgText.F(Px(x))}\" y2=\"{SvgText.F(Height - Bottom + 5)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{SvgText.F(Px(x))}\" y=\"{SvgText.F(Height - Bottom + 18)}\" text-anchor=\"middle\">{SvgText.Label(x)}</text>");
        }

        foreach (var layer in _layers)
        {
            svg.Append(layer(Px, Py));
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{SvgText.F(Left)}\" y1=\"{SvgText.F(Height - Bottom)}\" x2=\"{SvgText.F(Width - Right)}\" y2=\"{SvgText.F(Height - Bottom)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{SvgText.F(Left)}\" y1=\"{SvgText.F(Top)}\" x2=\"{SvgText.F(Left)}\" y2=\"{SvgText.F(Height - Bottom)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{SvgText.F(Width - Right)}\" y=\"{SvgText.F(Height - 6)}\" text-anchor=\"end\">elapsed hours</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" transform=\"translate(14 {SvgText.F((Top + Height - Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{SvgText.Encode(yLabel)}</text>");
        var legendX = Width - Right;
        for (var i = _legend.Count - 1; i >= 0; i--)
        {
            var (name, _, swatch) = _legend[i];
            legendX -= 34 + 7 * name.Length;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" transform=\"translate({SvgText.F(legendX)} 14)\">{swatch}<text x=\"22\" y=\"4\">{SvgText.Encode(name)}</text></g>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Round steps (1, 2 or 5 × 10^n) from 0 up to the first at or above <paramref name="max"/>, about five of them.</summary>
    public static IReadOnlyList<double> NiceTicks(double max)
    {
        var rough = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        var ticks = new List<double>();
        for (var i = 0; ticks.Count == 0 || ticks[^1] < max - step * 1e-9; i++)
        {
            ticks.Add(i * step);
        }

        return ticks;
    }

    /// <summary>The round ticks within a run of <paramref name="hours"/>: the time axis ends where the run ends.</summary>
    public static IReadOnlyList<double> TimeTicks(double hours) =>
        NiceTicks(hours).Where(t => t <= hours * (1 + 1e-9)).ToArray();

    /// <summary>
    /// Keeps, per bucket of consecutive points, the lowest and the highest in their order, so peaks and dips
    /// survive: at most <see cref="MaxPoints"/> points.
    /// </summary>
    public static (double[] X, double[] Y) MinMaxDownsample(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count <= MaxPoints)
        {
            return (x.ToArray(), y.ToArray());
        }

        var buckets = MaxPoints / 2;
        var xs = new List<double>(MaxPoints);
        var ys = new List<double>(MaxPoints);
        for (var b = 0; b < buckets; b++)
        {
            var (from, to) = Bucket(b, buckets, x.Count);
            int low = from, high = from;
            for (var i = from; i < to; i++)
            {
                low = y[i] < y[low] ? i : low;
                high = y[i] > y[high] ? i : high;
            }

            foreach (var i in low == high ? [low] : new[] { Math.Min(low, high), Math.Max(low, high) })
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>The mean of each bucket at its middle: areas keep their size.</summary>
    public static (double[] X, double[] Y) MeanDownsample(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count <= MaxPoints)
        {
            return (x.ToArray(), y.ToArray());
        }

        var xs = new double[MaxPoints];
        var ys = new double[MaxPoints];
        for (var b = 0; b < MaxPoints; b++)
        {
            var (from, to) = Bucket(b, MaxPoints, x.Count);
            xs[b] = (x[from] + x[to - 1]) / 2;
            double sum = 0;
            for (var i = from; i < to; i++)
            {
                sum += y[i];
            }

            ys[b] = sum / (to - from);
        }

        return (xs, ys);
    }

    private static (int From, int To) Bucket(int bucket, int buckets, int count) =>
        ((int)((long)bucket * count / buckets), (int)((long)(bucket + 1) * count / buckets));

    private void Extend(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"{x.Count} x values for {y.Count} y values", nameof(y));
        }

        _xMax = Math.Max(_xMax, x.Count == 0 ? 0 : x.Max());
        _yMax = Math.Max(_yMax, y.Count == 0 ? 0 : y.Max());
    }

    private static string Points(double[] x, double[] y, Func<double, double> px, Func<double, double> py)
    {
        var text = new StringBuilder(x.Length * 14);
        for (var i = 0; i < x.Length; i++)
        {
            text.Append(i == 0 ? "" : " ").Append(SvgText.F(px(x[i]))).Append(',').Append(SvgText.F(py(y[i])));
        }

        return text.ToString();
    }
}
