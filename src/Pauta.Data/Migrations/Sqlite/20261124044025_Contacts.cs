using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Contacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NoteTemplate",
                table: "Organisations",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_Customers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contacts",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProtocolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProtocolVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    AgentUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HandlerUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Escalated = table.Column<bool>(type: "INTEGER", nullable: false),
                    Breached = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstResponseDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolutionDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_Contacts_Customers_OrganisationId_CustomerId",
                        columns: x => new { x.OrganisationId, x.CustomerId },
                        principalTable: "Customers",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Contacts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Contacts_ProtocolVersions_OrganisationId_ProtocolId_ProtocolVersion",
                        columns: x => new { x.OrganisationId, x.ProtocolId, x.ProtocolVersion },
                        principalTable: "ProtocolVersions",
                        principalColumns: new[] { "OrganisationId", "ProtocolId", "Number" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContactEvents",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Data = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactEvents", x => new { x.OrganisationId, x.ContactId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_ContactEvents_Contacts_OrganisationId_ContactId",
                        columns: x => new { x.OrganisationId, x.ContactId },
                        principalTable: "Contacts",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FollowUps",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUps", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_FollowUps_Contacts_OrganisationId_ContactId",
                        columns: x => new { x.OrganisationId, x.ContactId },
                        principalTable: "Contacts",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SurveyInvitations",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContactId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LowScoreReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyInvitations", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_SurveyInvitations_Contacts_OrganisationId_ContactId",
                        columns: x => new { x.OrganisationId, x.ContactId },
                        principalTable: "Contacts",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContactEvents_OrganisationId_Id",
                table: "ContactEvents",
                columns: new[] { "OrganisationId", "Id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_FirstResponseDueAt",
                table: "Contacts",
                column: "FirstResponseDueAt",
                filter: "\"FirstResponseDueAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_AgentUserId_StartedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "AgentUserId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_CustomerId_StartedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "CustomerId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_Outcome_StartedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "Outcome", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_ProtocolId_ProtocolVersion_StartedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "ProtocolId", "ProtocolVersion", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_StartedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_Status_StartedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "Status", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_ResolutionDueAt",
                table: "Contacts",
                column: "ResolutionDueAt",
                filter: "\"ResolutionDueAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_OrganisationId_Email",
                table: "Customers",
                columns: new[] { "OrganisationId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_OrganisationId_Name",
                table: "Customers",
                columns: new[] { "OrganisationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_OrganisationId_Phone",
                table: "Customers",
                columns: new[] { "OrganisationId", "Phone" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OrganisationId_AssignedUserId_DoneAt_DueAt",
                table: "FollowUps",
                columns: new[] { "OrganisationId", "AssignedUserId", "DoneAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OrganisationId_ContactId",
                table: "FollowUps",
                columns: new[] { "OrganisationId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_OrganisationId_ContactId",
                table: "SurveyInvitations",
                columns: new[] { "OrganisationId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_TokenHash",
                table: "SurveyInvitations",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContactEvents");

            migrationBuilder.DropTable(
                name: "FollowUps");

            migrationBuilder.DropTable(
                name: "SurveyInvitations");

            migrationBuilder.DropTable(
                name: "Contacts");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropColumn(
                name: "NoteTemplate",
                table: "Organisations");
        }
    }
}
