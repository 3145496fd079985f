namespace StickyActors.Configuration;

/// <summary>
/// Finds HOCON text that was cut off (an object, list or string left open, a key without its
/// value), which Akka's parser accepts silently and turns into missing or null values.
/// </summary>
internal static class HoconTextCheck
{
    /// <summary>Why the text is incomplete, or null when every bracket and string is closed.</summary>
    public static string? FindTruncation(string text)
    {
        var open = new Stack<(char Bracket, int Line, int Column)>();
        var line = 1;
        var column = 0;
        var last = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            column++;
            if (c == '\n')
            {
                line++;
                column = 0;
                continue;
            }

            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '"')
            {
                var (startLine, startColumn) = (line, column);
                var triple = string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0;
                var end = triple ? text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal) : ClosingQuote(text, i + 1);
                if (end < 0)
                {
                    return $"the string opened at line {startLine}, column {startColumn} is not closed";
                }

                var consumed = text.AsSpan(i, end + (triple ? 3 : 1) - i);
                line += consumed.Count('\n');
                column += consumed.Length - 1;
                i = end + (triple ? 2 : 0);
                last = '"';
                continue;
            }

            switch (c)
            {
                case '{' or '[':
                    open.Push((c, line, column));
                    break;
                case '}' or ']':
                    if (open.Count == 0 || open.Pop().Bracket != (c == '}' ? '{' : '['))
                    {
                        return $"'{c}' at line {line}, column {column} closes nothing";
                    }

                    break;
            }

            if (!char.IsWhiteSpace(c))
            {
                last = c;
            }
        }

        if (open.Count > 0)
        {
            var (bracket, openLine, openColumn) = open.Peek();
            return $"'{bracket}' opened at line {openLine}, column {openColumn} is not closed before the text ends";
        }

        return last is '=' or ':' ? "the text ends after a key, before its value" : null;
    }

    private static int ClosingQuote(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
            else if (text[i] == '\n')
            {
                return -1;
            }
        }

        return -1;
    }
}
