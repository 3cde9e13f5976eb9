using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedSignInRateLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInRateWindows",
                columns: table => new
                {
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Window = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInRateWindows", x => new { x.Source, x.Window });
                });

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
        }
    }
}
