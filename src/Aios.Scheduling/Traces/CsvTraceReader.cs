using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Traces;

/// <summary>
/// Reads Aios's generic trace CSV: a header row naming the columns, then one job a line.
/// </summary>
/// <remarks>
/// <para>Columns are found by name (ordinal, case-insensitive), in any order; columns with other names are ignored.</para>
/// <list type="table">
/// <listheader><term>Column</term><description>Meaning</description></listheader>
/// <item><term><c>id</c> (required)</term><description><see cref="TraceJob.Id"/>, not empty.</description></item>
/// <item><term><c>submit</c> (required)</term><description><see cref="TraceJob.SubmitTime"/>, seconds, at least 0.</description></item>
/// <item><term><c>gpus</c> (required)</term><description><see cref="TraceJob.Gpus"/>, at least 1.</description></item>
/// <item><term><c>duration</c></term><description><see cref="TraceJob.Duration"/>, seconds greater than 0; empty when unknown.</description></item>
/// <item><term><c>queue</c></term><description><see cref="TraceJob.Queue"/>; empty when none.</description></item>
/// <item><term><c>priority</c></term><description><see cref="TraceJob.Priority"/>, greater than 0; empty means 1.</description></item>
/// <item><term><c>type</c></term><description><see cref="TraceJob.JobType"/>; empty when none.</description></item>
/// </list>
/// <para>Fields follow RFC 4180 quoting on one line: a field in double quotes may hold commas and doubled quotes
/// (<c>""</c>); a quoted field cannot span lines. Numbers use the invariant culture. Blank lines are skipped.
/// <see cref="CsvTraceWriter"/> writes this format, and reading its output gives back the same jobs.</para>
/// </remarks>
public static class CsvTraceReader
{
    /// <summary>Reads the jobs of a generic trace CSV.</summary>
    /// <param name="reader">The CSV text, starting at the header row.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <returns>The jobs in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">While enumerating: the header lacks a required column, names one twice, or a line is malformed.</exception>
    public static IEnumerable<TraceJob> Read(TextReader reader, string source = "trace.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Parser(source).ReadAll(reader);
    }

    /// <summary>Reads the jobs of a generic trace CSV from a UTF-8 stream.</summary>
    /// <param name="stream">The CSV bytes, starting at the header row; left open.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The jobs in file order, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">While enumerating: the header lacks a required column, names one twice, or a line is malformed.</exception>
    public static IAsyncEnumerable<TraceJob> ReadAsync(Stream stream, string source = "trace.csv", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Parser(source).ReadAllAsync(stream, cancellationToken);
    }

    /// <summary>Splits one CSV line into fields, undoing RFC 4180 quoting; returns null and a problem when the quoting is broken.</summary>
    internal static List<string>? SplitLine(string line, out string? problem)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int index = 0;
        while (true)
        {
            field.Clear();
            if (index < line.Length && line[index] == '"')
            {
                index++;
                while (true)
                {
                    if (index >= line.Length)
                    {
                        problem = $"field {fields.Count + 1} opens a quote that is never closed.";
                        return null;
                    }

                    char c = line[index++];
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (index < line.Length && line[index] == '"')
                    {
                        field.Append('"');
                        index++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (index < line.Length && line[index] != ',')
                {
                    problem = $"field {fields.Count + 1} has text after its closing quote.";
                    return null;
                }
            }
            else
            {
                int comma = line.IndexOf(',', index);
                int end = comma < 0 ? line.Length : comma;
                if (line.AsSpan(index, end - index).Contains('"'))
                {
                    problem = $"field {fields.Count + 1} holds a quote but is not quoted.";
                    return null;
                }

                field.Append(line, index, end - index);
                index = end;
            }

            fields.Add(field.ToString());
            if (index >= line.Length)
            {
                problem = null;
                return fields;
            }

            index++; // past the comma
        }
    }

    private sealed class Parser(string source) : TraceLineParser(source)
    {
        private int id = -1;
        private int submit = -1;
        private int gpus = -1;
        private int duration = -1;
        private int queue = -1;
        private int priority = -1;
        private int type = -1;
        private int columnCount;

        public override TraceJob? Parse(string line, long lineNumber)
        {
            if (line.Length == 0)
            {
                return null;
            }

            List<string> fields = SplitLine(line, out string? problem) ?? throw Error(lineNumber, null, problem!);
            if (columnCount == 0)
            {
                ReadHeader(fields, lineNumber);
                return null;
            }

            if (fields.Count != columnCount)
            {
                throw Error(lineNumber, null, $"expected {columnCount} fields as in the header, found {fields.Count}.");
            }

            string identifier = fields[id];
            if (identifier.Length == 0)
            {
                throw Error(lineNumber, "id", "the id is empty.");
            }

            return new TraceJob(identifier, ParseNonNegativeSeconds(fields[submit], lineNumber, "submit"), ParseGpus(fields[gpus], lineNumber, "gpus"))
            {
                Duration = duration < 0 ? null : ParseOptionalDuration(fields[duration], lineNumber, "duration"),
                Queue = queue < 0 || fields[queue].Length == 0 ? null : fields[queue],
                Priority = priority < 0 || fields[priority].Length == 0 ? 1 : ParsePositive(fields[priority], lineNumber, "priority"),
                JobType = type < 0 || fields[type].Length == 0 ? null : fields[type],
            };
        }

        private void ReadHeader(List<string> names, long lineNumber)
        {
            for (int i = 0; i < names.Count; i++)
            {
                string name = names[i].Trim();
                switch (name.ToUpperInvariant())
                {
                    case "ID": Assign(ref id, i, name, lineNumber); break;
                    case "SUBMIT": Assign(ref submit, i, name, lineNumber); break;
                    case "GPUS": Assign(ref gpus, i, name, lineNumber); break;
                    case "DURATION": Assign(ref duration, i, name, lineNumber); break;
                    case "QUEUE": Assign(ref queue, i, name, lineNumber); break;
                    case "PRIORITY": Assign(ref priority, i, name, lineNumber); break;
                    case "TYPE": Assign(ref type, i, name, lineNumber); break;
                    default: break; // Columns with other names are documented as ignored.
                }
            }

            string? missing = id < 0 ? "id" : submit < 0 ? "submit" : gpus < 0 ? "gpus" : null;
            if (missing is not null)
            {
                throw Error(lineNumber, missing, "the header lacks this required column (id, submit and gpus are required).");
            }

            columnCount = names.Count;
        }

        private void Assign(ref int column, int index, string name, long lineNumber)
        {
            if (column >= 0)
            {
                throw Error(lineNumber, name, "the header names this column twice.");
            }

            column = index;
        }
    }
}
