namespace Erlmcp.Autoscaler.Simulation.Traces;

/// <summary>
/// Streams the rows of a simple CSV file (comma separated, no quoting: trace fields are timestamps, numbers and pod
/// names) and hands out each field as a span of the current line, so reading a long trace allocates one string per
/// line and nothing per field. Blank lines and lines starting with <c>#</c> (notes on how the trace was calibrated)
/// are skipped.
/// </summary>
internal sealed class CsvRowReader : IDisposable
{
    private const int MaxFields = 16;

    private readonly TextReader _reader;
    private readonly int[] _fieldStarts = new int[MaxFields + 1];
    private string _line = "";

    public CsvRowReader(TextReader reader)
    {
        _reader = reader;
    }

    public int LineNumber { get; private set; }

    /// <summary>The number of fields of the current row (a row with more than 16 reports 17).</summary>
    public int FieldCount { get; private set; }

    public static CsvRowReader Open(string path) =>
        new(new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16));

    public bool Read()
    {
        while (_reader.ReadLine() is { } line)
        {
            LineNumber++;
            var trimmed = line.AsSpan().TrimEnd();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }

            _line = line;
            Split(trimmed.Length);
            return true;
        }

        return false;
    }

    public ReadOnlySpan<char> Field(int index) =>
        _line.AsSpan(_fieldStarts[index], _fieldStarts[index + 1] - _fieldStarts[index] - 1).Trim();

    /// <summary>The current line, for an error message.</summary>
    public string Line => _line;

    public void Dispose() => _reader.Dispose();

    private void Split(int length)
    {
        var count = 0;
        _fieldStarts[0] = 0;
        for (var i = 0; i < length; i++)
        {
            if (_line[i] == ',')
            {
                if (count == MaxFields - 1)
                {
                    FieldCount = MaxFields + 1;
                    return;
                }

                _fieldStarts[++count] = i + 1;
            }
        }

        // The end of the last field sits one past the line, as if a comma followed it.
        _fieldStarts[++count] = length + 1;
        FieldCount = count;
    }
}
