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

    // PostgreSQL ranks at most this many candidates precisely (see PostgresAsync).
    internal const int RankCap = 500;
    // PostgreSQL hands over at most this much of a hit's text for its snippet; protocols are a few thousand characters.
    private const int MaxSnippetSource = 20_000;

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
    /// query syntax); the last one, while being typed, a prefix, quoted by hand after unaccenting.
    /// Ranking reads every candidate's "Document", which is stored compressed out of line (TOAST); for a word found
    /// in thousands of protocols that alone costs more than the whole budget. So candidates are found through the GIN
    /// index alone (no Document read), protocols whose title holds every word first (an accent-insensitive regular
    /// expression over the short Title column), and only the first <see cref="RankCap"/> of them (newest first among
    /// equals) are ranked with ts_rank_cd, the title (weight A) well above the body (B). Below the cap the ranking is
    /// exact; above it, a word is in nearly every protocol and title matches still come first.
    /// Highlighting is done by <see cref="SearchSnippet"/>: see there why not ts_headline.
    /// </summary>
    private async Task<List<Row>> PostgresAsync(Guid organisationId, SearchWords words, int limit, CancellationToken ct)
    {
        var last = words.Words.Count - 1;
        // $1 is the organisation, $2 the limit; word i is ${3 + 2i} and its title pattern ${4 + 2i}.
        var query = string.Join(" && ", words.Words.Select((_, i) => words.PrefixLast && i == last
            ? $"to_tsquery('simple', '''' || replace(replace(pauta_unaccent(${3 + 2 * i}), '\\', '\\\\'), '''', '''''') || ''':*')"
            : $"phraseto_tsquery('simple', pauta_unaccent(${3 + 2 * i}))"));
        var inTitle = string.Join(" AND ", words.Words.Select((_, i) => $"e.\"Title\" ~* ${4 + 2 * i}"));
        var sql = $"""
            WITH candidates AS MATERIALIZED (
                SELECT e."ProtocolId", ({inTitle}) AS in_title
                FROM "ProtocolSearchEntries" AS e
                WHERE e."OrganisationId" = $1 AND e."Document" @@ (SELECT {query})
                ORDER BY in_title DESC, e."ProtocolId" DESC
                LIMIT {RankCap}
            ),
            hits AS MATERIALIZED (
                SELECT c."ProtocolId",
                       CASE WHEN c.in_title THEN 1 ELSE 0 END
                       + ts_rank_cd(ARRAY[0.1, 0.1, 0.2, 1.0]::real[], e."Document", (SELECT {query}), 1 | 32) AS rank
                FROM candidates AS c
                JOIN "ProtocolSearchEntries" AS e ON e."OrganisationId" = $1 AND e."ProtocolId" = c."ProtocolId"
                -- Entries exist only for published, non-archived protocols; checked again here, on the few candidates.
                JOIN "Protocols" AS p ON p."OrganisationId" = $1 AND p."Id" = c."ProtocolId"
                WHERE p."ArchivedAt" IS NULL AND p."PublishedVersion" > 0
                ORDER BY rank DESC, c."ProtocolId" DESC
                LIMIT $2
            )
            SELECT h."ProtocolId", e."VersionNumber", e."Title", p."DepartmentName", h.rank::double precision,
                   left(e."Body", {MaxSnippetSource})
            FROM hits AS h
            JOIN "ProtocolSearchEntries" AS e ON e."OrganisationId" = $1 AND e."ProtocolId" = h."ProtocolId"
            JOIN "Protocols" AS p ON p."OrganisationId" = $1 AND p."Id" = h."ProtocolId"
            ORDER BY h.rank DESC, h."ProtocolId" DESC
            """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            void Add(object value)
            {
                var p = command.CreateParameter();
                p.Value = value;
                command.Parameters.Add(p);
            }
            Add(organisationId);
            Add(limit);
            for (var i = 0; i < words.Words.Count; i++)
            {
                Add(words.Words[i]);
                Add(SearchFolding.AccentInsensitivePattern(SearchSnippet.TokensOf(words.Words[i]), words.PrefixLast && i == last));
            }
            // Prepared once per pooled connection and statement shape (one per word count): planning this statement
            // costs about as much as running it.
            await command.PrepareAsync(ct);
            var rows = new List<Row>();
            var snippet = new SearchSnippet(words);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var title = reader.GetString(2);
                rows.Add(new Row
                {
                    ProtocolId = reader.GetGuid(0), VersionNumber = reader.GetInt32(1), Title = title, DepartmentName = reader.GetString(3),
                    Rank = reader.GetDouble(4), TitleMarked = snippet.MarkAll(title), Snippet = snippet.Window(reader.GetString(5), SnippetTokens),
                });
            }
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
