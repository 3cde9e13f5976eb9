using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrainingAndMedia : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NextReminderAt",
                table: "TrainingAssignments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MediaFiles",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediaFiles", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_MediaFiles_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_NextReminderAt",
                table: "TrainingAssignments",
                column: "NextReminderAt",
                filter: "\"NextReminderAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_OrganisationId_MemberId_CompletedAt_RemovedAt",
                table: "TrainingAssignments",
                columns: new[] { "OrganisationId", "MemberId", "CompletedAt", "RemovedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MediaFiles_OrganisationId_Sha256",
                table: "MediaFiles",
                columns: new[] { "OrganisationId", "Sha256" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MediaFiles");

            migrationBuilder.DropIndex(
                name: "IX_TrainingAssignments_NextReminderAt",
                table: "TrainingAssignments");

            migrationBuilder.DropIndex(
                name: "IX_TrainingAssignments_OrganisationId_MemberId_CompletedAt_RemovedAt",
                table: "TrainingAssignments");

            migrationBuilder.DropColumn(
                name: "NextReminderAt",
                table: "TrainingAssignments");
        }
    }
}
