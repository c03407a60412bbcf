using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace IlgpuNet.Reporting;

/// <summary>The little markdown a report paragraph understands: **bold** and `code`. Everything else is escaped text.</summary>
internal static partial class InlineMarkup
{
    public static string ToHtml(string text)
    {
        var html = new StringBuilder();
        var pieces = text.Split('`');
        for (int i = 0; i < pieces.Length; i++)
        {
            // Odd pieces sit between backticks; an unmatched final backtick stays a literal character.
            bool isCode = i % 2 == 1 && i < pieces.Length - 1;
            if (isCode)
            {
                html.Append("<code>").Append(WebUtility.HtmlEncode(pieces[i])).Append("</code>");
            }
            else
            {
                if (i % 2 == 1)
                {
                    html.Append('`');
                }

                html.Append(BoldPattern().Replace(WebUtility.HtmlEncode(pieces[i]), "<strong>$1</strong>"));
            }
        }

        return html.ToString();
    }

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldPattern();
}
