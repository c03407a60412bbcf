using System.Xml.Linq;

namespace IlgpuNet.Tests.Reporting;

/// <summary>Parses chart output as XML (so a test fails on malformed SVG) and finds elements by class.</summary>
internal static class Svg
{
    public static readonly XNamespace Namespace = "http://www.w3.org/2000/svg";

    public static XDocument Parse(string svg)
    {
        var document = XDocument.Parse(svg);
        Assert.Equal(Namespace + "svg", document.Root!.Name);
        return document;
    }

    public static List<XElement> WithClass(XDocument document, string className) =>
        document.Descendants().Where(e => (string?)e.Attribute("class") == className).ToList();

    public static List<string> Labels(XDocument document, string className) =>
        WithClass(document, className).Select(e => e.Value).ToList();

    public static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);
}
