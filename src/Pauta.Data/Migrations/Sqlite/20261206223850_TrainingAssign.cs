using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrainingAssign : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NextReminderAt",
                table: "TrainingAssignments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_NextReminderAt",
                table: "TrainingAssignments",
                column: "NextReminderAt",
                filter: "\"NextReminderAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_OrganisationId_MemberId_CompletedAt_RemovedAt",
                table: "TrainingAssignments",
                columns: new[] { "OrganisationId", "MemberId", "CompletedAt", "RemovedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
