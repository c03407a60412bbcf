using System.Globalization;
using System.Text;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Composite;

/// <summary>
/// activation_norms.csv: the numbers behind the class-wise activation-norm figures, one row per model, layer, filter
/// and class (the mean L2 norm of the filter's map over that class's validation images), so analyses read data, not
/// pictures.
/// </summary>
public static class ActivationNormsCsv
{
    public const string FileName = "activation_norms.csv";

    public const string Header = "model,layer,filter,class,mean_norm";

    public static void Write(string path, IEnumerable<(string Model, ActivationNorms Norms)> layers, IReadOnlyList<string> classNames)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (model, norms) in layers)
        {
            for (int filter = 0; filter < norms.Filters; filter++)
            {
                for (int c = 0; c < classNames.Count; c++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{model},{norms.Layer},{filter},{classNames[c]},{norms.MeanByClass[c, filter]:R}\n");
                }
            }
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }
}
