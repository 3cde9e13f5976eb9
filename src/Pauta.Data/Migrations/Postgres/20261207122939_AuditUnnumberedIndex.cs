using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditUnnumberedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Unnumbered",
                table: "AuditEntries",
                column: "OrganisationId",
                filter: "\"LeafIndex\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Unnumbered",
                table: "AuditEntries");
        }
    }
}
