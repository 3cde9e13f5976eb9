using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Protocols : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RequireProtocolApproval",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scopes = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_ApiTokens_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Protocols",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DepartmentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DraftState = table.Column<int>(type: "INTEGER", nullable: false),
                    DraftText = table.Column<string>(type: "TEXT", maxLength: 1000000, nullable: true),
                    DraftBaseVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    DraftAuthorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OwnerMemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LastVerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ArchivedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Protocols", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_Protocols_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProtocolSearchEntries",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1000000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtocolSearchEntries", x => new { x.OrganisationId, x.ProtocolId });
                    table.ForeignKey(
                        name: "FK_ProtocolSearchEntries_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProtocolSuggestions",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    StepKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    SuggestedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PublishedInVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtocolSuggestions", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_ProtocolSuggestions_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProtocolVersions",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DepartmentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000000, nullable: false),
                    ChangeSize = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeSummary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PublishedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtocolVersions", x => new { x.OrganisationId, x.ProtocolId, x.Number });
                    table.ForeignKey(
                        name: "FK_ProtocolVersions_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_TokenHash",
                table: "ApiTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Protocols_OrganisationId_ReviewDueAt",
                table: "Protocols",
                columns: new[] { "OrganisationId", "ReviewDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Protocols_OrganisationId_Title",
                table: "Protocols",
                columns: new[] { "OrganisationId", "Title" });

            migrationBuilder.CreateIndex(
                name: "IX_ProtocolSuggestions_OrganisationId_ProtocolId_Status",
                table: "ProtocolSuggestions",
                columns: new[] { "OrganisationId", "ProtocolId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ProtocolSuggestions_OrganisationId_SuggestedByUserId",
                table: "ProtocolSuggestions",
                columns: new[] { "OrganisationId", "SuggestedByUserId" });

            // Full-text index over published protocols: an FTS5 table kept in step with ProtocolSearchEntries by
            // triggers. unicode61 with remove_diacritics folds case and accents, so "atencion" finds "atención".
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ProtocolSearch USING fts5(
                    OrganisationId UNINDEXED, ProtocolId UNINDEXED, Title, Body,
                    tokenize = 'unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ProtocolSearchEntries_Insert AFTER INSERT ON ProtocolSearchEntries BEGIN
                    INSERT INTO ProtocolSearch (OrganisationId, ProtocolId, Title, Body)
                    VALUES (new.OrganisationId, new.ProtocolId, new.Title, new.Body);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ProtocolSearchEntries_Delete AFTER DELETE ON ProtocolSearchEntries BEGIN
                    DELETE FROM ProtocolSearch WHERE OrganisationId = old.OrganisationId AND ProtocolId = old.ProtocolId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ProtocolSearchEntries_Update AFTER UPDATE ON ProtocolSearchEntries BEGIN
                    DELETE FROM ProtocolSearch WHERE OrganisationId = old.OrganisationId AND ProtocolId = old.ProtocolId;
                    INSERT INTO ProtocolSearch (OrganisationId, ProtocolId, Title, Body)
                    VALUES (new.OrganisationId, new.ProtocolId, new.Title, new.Body);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ProtocolSearchEntries_Insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ProtocolSearchEntries_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ProtocolSearchEntries_Update;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ProtocolSearch;");

            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "ProtocolSearchEntries");

            migrationBuilder.DropTable(
                name: "ProtocolSuggestions");

            migrationBuilder.DropTable(
                name: "ProtocolVersions");

            migrationBuilder.DropTable(
                name: "Protocols");

            migrationBuilder.DropColumn(
                name: "RequireProtocolApproval",
                table: "Organisations");
        }
    }
}
