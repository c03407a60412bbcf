using ScottPlot;
using ScottPlot.TickGenerators;

namespace IlgpuNet.Reporting;

/// <summary>Tick marks for an axis whose data are log10 values: labelled powers of ten with minor ticks between, or 1-2-5 steps when the range is under a decade.</summary>
internal static class LogTicks
{
    public static ITickGenerator For(double lowExponent, double highExponent)
    {
        if (highExponent - lowExponent >= 1)
        {
            return new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = exponent => NumberFormat.Short(Math.Pow(10, exponent)),
            };
        }

        foreach (double[] mantissas in new[] { new[] { 1.0, 2, 5 }, [1.0, 2, 3, 4, 5, 6, 7, 8, 9], [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9] })
        {
            var values = Candidates(lowExponent, highExponent, mantissas);
            if (values.Count >= 3 || mantissas.Length > 10)
            {
                return new NumericManual(values.Select(v => new Tick(Math.Log10(v), NumberFormat.Short(v))).ToArray());
            }
        }

        throw new InvalidOperationException("unreachable: the last mantissa set is always taken");
    }

    private static List<double> Candidates(double lowExponent, double highExponent, double[] mantissas)
    {
        var values = new List<double>();
        for (int decade = (int)Math.Floor(lowExponent) - 1; decade <= (int)Math.Ceiling(highExponent); decade++)
        {
            foreach (double mantissa in mantissas)
            {
                double value = mantissa * Math.Pow(10, decade);
                double exponent = Math.Log10(value);
                if (exponent >= lowExponent - 1e-9 && exponent <= highExponent + 1e-9)
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }
}
