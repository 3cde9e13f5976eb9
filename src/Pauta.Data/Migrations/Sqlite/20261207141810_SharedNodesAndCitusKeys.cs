using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedNodesAndCitusKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_TokenHash",
                table: "SurveyInvitations");

            migrationBuilder.DropIndex(
                name: "IX_Members_UserId",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations");

            migrationBuilder.DropIndex(
                name: "IX_ApiTokens_TokenHash",
                table: "ApiTokens");

            migrationBuilder.CreateTable(
                name: "SignInRateWindows",
                columns: table => new
                {
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Window = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInRateWindows", x => new { x.Source, x.Window });
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_OrganisationId_TokenHash",
                table: "SurveyInvitations",
                columns: new[] { "OrganisationId", "TokenHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_TokenHash",
                table: "SurveyInvitations",
                column: "TokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_Members_UserId",
                table: "Members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_OrganisationId_TokenHash",
                table: "Invitations",
                columns: new[] { "OrganisationId", "TokenHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations",
                column: "TokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Unnumbered",
                table: "AuditEntries",
                column: "OrganisationId",
                filter: "\"LeafIndex\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_OrganisationId_TokenHash",
                table: "ApiTokens",
                columns: new[] { "OrganisationId", "TokenHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_TokenHash",
                table: "ApiTokens",
                column: "TokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_SignInRateWindows_Window",
                table: "SignInRateWindows",
                column: "Window");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInRateWindows");

            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_OrganisationId_TokenHash",
                table: "SurveyInvitations");

            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_TokenHash",
                table: "SurveyInvitations");

            migrationBuilder.DropIndex(
                name: "IX_Members_UserId",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_OrganisationId_TokenHash",
                table: "Invitations");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Unnumbered",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_ApiTokens_OrganisationId_TokenHash",
                table: "ApiTokens");

            migrationBuilder.DropIndex(
                name: "IX_ApiTokens_TokenHash",
                table: "ApiTokens");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_TokenHash",
                table: "SurveyInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_UserId",
                table: "Members",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_TokenHash",
                table: "ApiTokens",
                column: "TokenHash",
                unique: true);
        }
    }
}
