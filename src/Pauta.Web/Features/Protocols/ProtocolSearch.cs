using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// One search result. <see cref="TitleHtml"/> and <see cref="Snippet"/> are safe HTML: the protocol's own text
/// encoded, with only &lt;mark&gt; elements around the words that matched.
/// </summary>
public sealed record ProtocolSearchHit(Guid ProtocolId, string Title, string TitleHtml, int VersionNumber, string Department,
    string Snippet, double Rank);

/// <summary>
/// Full-text search over the organisation's published, non-archived protocols (their latest version), case- and
/// accent-insensitive both ways, ranked with the title above the body, with highlighted snippets.
/// SQLite answers from the FTS5 table ProtocolSearch, PostgreSQL from the tsvector column "Document" of
/// ProtocolSearchEntries (both kept up to date by the migrations' triggers / generated column).
/// The SQL is written by hand, so EF's tenant filter does not apply to it: every statement filters by the
/// organisation of the unit of work itself.
/// </summary>
public sealed class ProtocolSearch(PautaDbContext db)
{
    public const int MaxQueryLength = 200;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    // Marks the engines put around matched words; the stored texts never contain them (YAML forbids control
    // characters), and ToHtml turns only these into tags after encoding everything else.
    internal const char Open = '\u0001';
    internal const char Close = '\u0002';

    // PostgreSQL's parser reads "<b>" in a text as an HTML tag and ts_headline drops tags from its output; the text is
    // headlined with '<' swapped for this private-use character and swapped back after, so it shows as written.
    private const char NotATag = '\uE000';

    // FTS5 snippet length in tokens; PostgreSQL's headline gets about the same in words.
    private const int SnippetTokens = 24;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Checks the query as typed, then searches. An empty result is not an error.</summary>
    public async Task<Outcome<IReadOnlyList<ProtocolSearchHit>>> SearchAsync(string? query, int limit, CancellationToken ct)
    {
        var text = query?.Trim() ?? "";
        if (text.Length == 0) return Outcome<IReadOnlyList<ProtocolSearchHit>>.Invalid("q", "Search.QueryRequired");
        if (text.Length > MaxQueryLength)
            return Outcome<IReadOnlyList<ProtocolSearchHit>>.Invalid("q", "Search.QueryTooLong", MaxQueryLength);
        // No organisation, no results: a unit of work without a tenant must never see every organisation's rows.
        if (db.TenantId is not { } organisationId) return Outcome<IReadOnlyList<ProtocolSearchHit>>.Forbidden();
        var words = SearchWords.Parse(query);
        if (words.IsEmpty) return Outcome<IReadOnlyList<ProtocolSearchHit>>.Ok([]);
        var n = Math.Clamp(limit, 1, MaxLimit);
        var rows = db.Database.IsNpgsql() ? await PostgresAsync(organisationId, words, n, ct)
            : db.Database.IsSqlite() ? await SqliteAsync(organisationId, words, n, ct)
            : throw new NotSupportedException($"Search is not implemented for {db.Database.ProviderName}.");
        // Best first whatever the provider did with the statement (a stable sort keeps its order among equals).
        return Outcome<IReadOnlyList<ProtocolSearchHit>>.Ok(rows.OrderByDescending(r => r.Rank).Select(r => new ProtocolSearchHit(r.ProtocolId, r.Title,
            ToHtml(r.TitleMarked), r.VersionNumber, r.DepartmentName, ToHtml(r.Snippet), r.Rank)).ToList());
    }

    /// <summary>
    /// FTS5 ranks with bm25 through its rank column (title weighted 10, body 1; the two id columns are not indexed),
    /// so ORDER BY rank is FTS5's own and snippet() / highlight() run only for the rows kept by LIMIT.
    /// Guid parameters go through EF's own type mapping, so they compare equal to the stored TEXT.
    /// </summary>
    private Task<List<Row>> SqliteAsync(Guid organisationId, SearchWords words, int limit, CancellationToken ct) =>
        db.Database.SqlQueryRaw<Row>($"""
            SELECT s.ProtocolId AS ProtocolId, e.VersionNumber AS VersionNumber, e.Title AS Title, p.DepartmentName AS DepartmentName,
                   highlight(ProtocolSearch, 2, char(1), char(2)) AS TitleMarked,
                   snippet(ProtocolSearch, 3, char(1), char(2), '…', {SnippetTokens}) AS Snippet,
                   -s.rank AS Rank
            FROM ProtocolSearch AS s
            JOIN ProtocolSearchEntries AS e ON e.OrganisationId = s.OrganisationId AND e.ProtocolId = s.ProtocolId
            JOIN Protocols AS p ON p.OrganisationId = s.OrganisationId AND p.Id = s.ProtocolId
            WHERE s.ProtocolSearch MATCH {"{0}"} AND s.rank MATCH 'bm25(0.0, 0.0, 10.0, 1.0)'
              AND s.OrganisationId = {"{1}"} AND p.ArchivedAt IS NULL AND p.PublishedVersion > 0
            ORDER BY s.rank
            LIMIT {"{2}"}
            """, words.ToFts5Match(), organisationId, limit).ToListAsync(ct);

    /// <summary>
    /// PostgreSQL: each word becomes a phrase of its unaccented lexemes (phraseto_tsquery reads plain text, never
    /// query syntax); the last one, while being typed, a prefix, quoted by hand after unaccenting. Ranked by
    /// ts_rank_cd with the title (weight A) well above the body (B).
    /// ts_headline cannot look through accents with the 'simple' configuration, so the snippet is made from the
    /// original text with a query of the document's own words whose unaccented form matches a search word:
    /// "atencion" highlights "Atención" as written.
    /// </summary>
    private async Task<List<Row>> PostgresAsync(Guid organisationId, SearchWords words, int limit, CancellationToken ct)
    {
        var last = words.Words.Count - 1;
        // Placeholders {0}..{5} are the fixed parameters below; each word is {6 + i}.
        const int FixedParameters = 6;
        var query = string.Join(" && ", words.Words.Select((_, i) => words.PrefixLast && i == last
            ? $"to_tsquery('simple', '''' || replace(replace(pauta_unaccent({{{i + FixedParameters}}}), '\\', '\\\\'), '''', '''''') || ''':*')"
            : $"phraseto_tsquery('simple', pauta_unaccent({{{i + FixedParameters}}}))"));
        var titleOptions = $"StartSel={Open}, StopSel={Close}, HighlightAll=true";
        var bodyOptions = $"StartSel={Open}, StopSel={Close}, MaxWords={SnippetTokens}, MinWords={SnippetTokens / 2}, ShortWord=1, " +
                          "MaxFragments=2, FragmentDelimiter=\" … \"";
        var sql = $"""
            WITH hits AS (
                SELECT e."ProtocolId", ts_rank_cd(ARRAY[0.1, 0.1, 0.2, 1.0]::real[], e."Document", q.query, 1) AS rank
                FROM "ProtocolSearchEntries" AS e
                CROSS JOIN (SELECT {query} AS query) AS q
                JOIN "Protocols" AS p ON p."OrganisationId" = e."OrganisationId" AND p."Id" = e."ProtocolId"
                WHERE e."OrganisationId" = {"{0}"} AND e."Document" @@ q.query
                  AND p."ArchivedAt" IS NULL AND p."PublishedVersion" > 0
                ORDER BY rank DESC, e."ProtocolId"
                LIMIT {"{1}"}
            ),
            terms AS (
                SELECT t.i, lexeme, t.i = {"{2}"} AS prefix
                FROM unnest({"{3}"}::text[]) WITH ORDINALITY AS t(word, i),
                     unnest(tsvector_to_array(to_tsvector('simple', pauta_unaccent(t.word)))) AS lexeme
            ),
            marked AS (
                SELECT h."ProtocolId", h.rank, e."VersionNumber", e."Title", e."Body", p."DepartmentName",
                       (SELECT string_agg(g.words, ' & ')::tsquery FROM (
                            SELECT '(' || string_agg('''' || replace(replace(d.lexeme, '\', '\\'), '''', '''''') || '''', ' | ') || ')' AS words
                            FROM (SELECT u.lexeme, pauta_unaccent(u.lexeme) AS folded
                                  FROM unnest(to_tsvector('simple', e."Title" || ' ' || e."Body")) AS u) AS d
                            JOIN terms AS t ON d.folded = t.lexeme OR (t.prefix AND starts_with(d.folded, t.lexeme))
                            GROUP BY t.i) AS g) AS words
                FROM hits AS h
                JOIN "ProtocolSearchEntries" AS e ON e."OrganisationId" = {"{0}"} AND e."ProtocolId" = h."ProtocolId"
                JOIN "Protocols" AS p ON p."OrganisationId" = {"{0}"} AND p."Id" = h."ProtocolId"
            )
            SELECT m."ProtocolId", m."VersionNumber", m."Title", m."DepartmentName", m.rank::double precision AS "Rank",
                   CASE WHEN m.words IS NULL THEN m."Title"
                        ELSE ts_headline('simple', replace(m."Title", '<', chr({(int)NotATag})), m.words, {"{4}"}) END AS "TitleMarked",
                   CASE WHEN m.words IS NULL THEN left(m."Body", 200)
                        ELSE ts_headline('simple', replace(m."Body", '<', chr({(int)NotATag})), m.words, {"{5}"}) END AS "Snippet"
            FROM marked AS m
            ORDER BY m.rank DESC, m."ProtocolId"
            """;
        object[] parameters = [organisationId, limit, words.PrefixLast ? last + 1 : 0, words.Words.ToArray(), titleOptions, bodyOptions];
        var rows = await db.Database.SqlQueryRaw<Row>(sql, [.. parameters, .. words.Words]).ToListAsync(ct);
        foreach (var r in rows)
        {
            r.TitleMarked = r.TitleMarked?.Replace(NotATag, '<');
            r.Snippet = r.Snippet?.Replace(NotATag, '<');
        }
        return rows;
    }

    /// <summary>Encodes the text and turns the engine's marks (only those) into &lt;mark&gt; elements; whitespace runs become one space.</summary>
    internal static string ToHtml(string? marked)
    {
        if (string.IsNullOrEmpty(marked)) return "";
        var html = new StringBuilder(marked.Length + 32);
        var text = new StringBuilder();
        var open = false;
        foreach (var c in marked)
        {
            if (c == Open || c == Close)
            {
                Flush();
                if (c == Open && !open) html.Append("<mark>");
                if (c == Close && open) html.Append("</mark>");
                open = c == Open;
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (text.Length == 0 ? html.Length > 0 && html[^1] != ' ' : text[^1] != ' ') text.Append(' ');
                continue;
            }
            text.Append(c);
        }
        Flush();
        if (open) html.Append("</mark>");
        return html.ToString().Trim();

        void Flush()
        {
            if (text.Length == 0) return;
            html.Append(Encoder.Encode(text.ToString()));
            text.Clear();
        }
    }

    private sealed class Row
    {
        public Guid ProtocolId { get; set; }
        public int VersionNumber { get; set; }
        public string Title { get; set; } = "";
        public string DepartmentName { get; set; } = "";
        public string? TitleMarked { get; set; }
        public string? Snippet { get; set; }
        public double Rank { get; set; }
    }
}
