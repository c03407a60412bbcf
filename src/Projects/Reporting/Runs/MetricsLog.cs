using System.Globalization;
using System.Text;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Reporting;

/// <summary>
/// metrics.csv: a fixed header, then one row of numbers per append (usually per epoch). Every append rewrites the whole
/// file through <see cref="AtomicFile"/>, so the file on disk is always a complete table (a crash or kill -9 never tears
/// a row); the table is small (one row per epoch, or per batch appended an epoch at a time). Reopening with resume keeps
/// the rows and can cut them back to the last epoch whose checkpoint survived.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>The column that <c>keepThroughEpoch</c> and <see cref="LastEpoch"/> read.</summary>
    public const string EpochColumn = "epoch";

    private readonly List<double[]> rows;

    private MetricsLog(string path, IReadOnlyList<string> columns, List<double[]> rows)
    {
        Path = path;
        Columns = columns;
        this.rows = rows;
    }

    public string Path { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyList<double>> Rows => rows;

    /// <summary>Largest value in the epoch column, or null when there are no rows (or no such column).</summary>
    public int? LastEpoch
    {
        get
        {
            int index = IndexOf(EpochColumn, required: false);
            return index < 0 || rows.Count == 0 ? null : (int)rows.Max(r => r[index]);
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending. Without <paramref name="resume"/> any old file is replaced by a fresh header.
    /// With it, existing rows are kept (the header must match) and, when <paramref name="keepThroughEpoch"/> is given, rows
    /// whose epoch is larger are dropped, so a resumed run does not log those epochs twice. Runs counted in steps rather
    /// than epochs name that column in <paramref name="keyColumn"/>.
    /// </summary>
    public static MetricsLog Open(string path, IReadOnlyList<string> columns, bool resume = false, int? keepThroughEpoch = null,
        string keyColumn = EpochColumn)
    {
        if (columns.Count == 0 || columns.Any(c => c.Length == 0 || c.IndexOfAny([',', '"', '\n', '\r']) >= 0))
        {
            throw new ArgumentException("metric columns must be non-empty names without commas, quotes or line breaks");
        }

        var header = columns.ToArray();
        var rows = resume && File.Exists(path) ? ReadRows(path, header) : [];
        var log = new MetricsLog(path, header, rows);
        if (keepThroughEpoch is int epoch)
        {
            int index = log.IndexOf(keyColumn, required: true);
            rows.RemoveAll(r => r[index] > epoch);
        }

        AtomicFile.WriteAllText(path, log.FormatAll());
        return log;
    }

    /// <summary>
    /// The rows of an existing metrics.csv (a torn last line dropped) without writing to it, so a report can read a run
    /// that is still training. The header must be <paramref name="columns"/>.
    /// </summary>
    public static MetricsLog Read(string path, IReadOnlyList<string> columns)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no metrics file {path}");
        }

        var header = columns.ToArray();
        return new MetricsLog(path, header, ReadRows(path, header));
    }

    /// <summary>Appends one row, values in column order.</summary>
    public void Append(params double[] values) => AppendRange([values]);

    /// <summary>Appends rows (values in column order) with one write of the file.</summary>
    public void AppendRange(IReadOnlyList<double[]> newRows)
    {
        foreach (var values in newRows)
        {
            if (values.Length != Columns.Count)
            {
                throw new ArgumentException($"metrics row has {values.Length} values for {Columns.Count} columns ({string.Join(", ", Columns)})");
            }
        }

        rows.AddRange(newRows.Select(r => r.ToArray()));
        AtomicFile.WriteAllText(Path, FormatAll());
    }

    /// <summary>Appends one row by column name; columns not given are written as NaN.</summary>
    public void Append(IReadOnlyDictionary<string, double> values)
    {
        foreach (var name in values.Keys)
        {
            IndexOf(name, required: true);
        }

        Append(Columns.Select(c => values.TryGetValue(c, out double v) ? v : double.NaN).ToArray());
    }

    /// <summary>All values of one column, in row order (what a chart needs).</summary>
    public double[] Column(string name)
    {
        int index = IndexOf(name, required: true);
        return rows.Select(r => r[index]).ToArray();
    }

    private static List<double[]> ReadRows(string path, string[] header)
    {
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        // The text after the last newline is empty, or a row torn by a writer older than the atomic rewrite: drop it.
        var complete = lines.Take(lines.Length - 1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (complete.Count == 0)
        {
            return [];
        }

        if (complete[0] != string.Join(',', header))
        {
            throw new InvalidDataException($"{path} has columns '{complete[0]}', this run logs '{string.Join(',', header)}': resume into a fresh --out folder");
        }

        var rows = new List<double[]>();
        foreach (var line in complete.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: row '{line}' has {fields.Length} fields, the header has {header.Length}");
            }

            rows.Add(fields.Select(f => double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
        }

        return rows;
    }

    private static string FormatRow(double[] row) =>
        string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n";

    private string FormatAll()
    {
        var text = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var row in rows)
        {
            text.Append(FormatRow(row));
        }

        return text.ToString();
    }

    private int IndexOf(string name, bool required)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == name)
            {
                return i;
            }
        }

        return required ? throw new ArgumentException($"metrics have no column '{name}' (columns: {string.Join(", ", Columns)})") : -1;
    }
}
