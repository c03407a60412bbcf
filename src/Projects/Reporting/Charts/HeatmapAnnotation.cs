namespace IlgpuNet.Reporting;

/// <summary>What each heatmap cell says in text.</summary>
public enum HeatmapAnnotation
{
    None,

    /// <summary>Whole numbers ("42"): confusion-matrix counts.</summary>
    Counts,

    /// <summary>Two decimals ("0.87"): row-normalised confusion matrices.</summary>
    Fractions,

    /// <summary>Up to four significant digits.</summary>
    Values,
}
