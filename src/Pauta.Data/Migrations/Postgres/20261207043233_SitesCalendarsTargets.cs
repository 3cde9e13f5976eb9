using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SitesCalendarsTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OpeningHours_OrganisationId_Day_StartMinute",
                table: "OpeningHours");

            migrationBuilder.DropIndex(
                name: "IX_Holidays_OrganisationId_Date",
                table: "Holidays");

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "Organisations",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "CalendarId",
                table: "OpeningHours",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "SiteId",
                table: "Members",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CalendarId",
                table: "Holidays",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Segment",
                table: "Customers",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextClockDueAt",
                table: "Contacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedAt",
                table: "Contacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SiteId",
                table: "Contacts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SubChannel",
                table: "Contacts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "OrganisationPlaceholders",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Value = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationPlaceholders", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_OrganisationPlaceholders_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceCalendars",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TimeZoneId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    HolidayCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceCalendars", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_ServiceCalendars_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Sites",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CalendarId = table.Column<Guid>(type: "uuid", nullable: false),
                    LegalCalendarId = table.Column<Guid>(type: "uuid", nullable: true),
                    IsArchived = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sites", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_Sites_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Sites_ServiceCalendars_OrganisationId_CalendarId",
                        columns: x => new { x.OrganisationId, x.CalendarId },
                        principalTable: "ServiceCalendars",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Sites_ServiceCalendars_OrganisationId_LegalCalendarId",
                        columns: x => new { x.OrganisationId, x.LegalCalendarId },
                        principalTable: "ServiceCalendars",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OpeningHours_OrganisationId_CalendarId_Day_StartMinute",
                table: "OpeningHours",
                columns: new[] { "OrganisationId", "CalendarId", "Day", "StartMinute" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrganisationId_SiteId",
                table: "Members",
                columns: new[] { "OrganisationId", "SiteId" });

            migrationBuilder.CreateIndex(
                name: "IX_Holidays_OrganisationId_CalendarId_Date",
                table: "Holidays",
                columns: new[] { "OrganisationId", "CalendarId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_NextClockDueAt",
                table: "Contacts",
                column: "NextClockDueAt",
                filter: "\"NextClockDueAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_SiteId_Status",
                table: "Contacts",
                columns: new[] { "OrganisationId", "SiteId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationPlaceholders_OrganisationId_Name",
                table: "OrganisationPlaceholders",
                columns: new[] { "OrganisationId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCalendars_OrganisationId_Key",
                table: "ServiceCalendars",
                columns: new[] { "OrganisationId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OrganisationId_CalendarId",
                table: "Sites",
                columns: new[] { "OrganisationId", "CalendarId" });

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OrganisationId_LegalCalendarId",
                table: "Sites",
                columns: new[] { "OrganisationId", "LegalCalendarId" });

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OrganisationId_Name",
                table: "Sites",
                columns: new[] { "OrganisationId", "Name" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Members_Sites_OrganisationId_SiteId",
                table: "Members",
                columns: new[] { "OrganisationId", "SiteId" },
                principalTable: "Sites",
                principalColumns: new[] { "OrganisationId", "Id" },
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Members_Sites_OrganisationId_SiteId",
                table: "Members");

            migrationBuilder.DropTable(
                name: "OrganisationPlaceholders");

            migrationBuilder.DropTable(
                name: "Sites");

            migrationBuilder.DropTable(
                name: "ServiceCalendars");

            migrationBuilder.DropIndex(
                name: "IX_OpeningHours_OrganisationId_CalendarId_Day_StartMinute",
                table: "OpeningHours");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrganisationId_SiteId",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Holidays_OrganisationId_CalendarId_Date",
                table: "Holidays");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_NextClockDueAt",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_OrganisationId_SiteId_Status",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "CalendarId",
                table: "OpeningHours");

            migrationBuilder.DropColumn(
                name: "SiteId",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "CalendarId",
                table: "Holidays");

            migrationBuilder.DropColumn(
                name: "Segment",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "NextClockDueAt",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "SiteId",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "SubChannel",
                table: "Contacts");

            migrationBuilder.CreateIndex(
                name: "IX_OpeningHours_OrganisationId_Day_StartMinute",
                table: "OpeningHours",
                columns: new[] { "OrganisationId", "Day", "StartMinute" });

            migrationBuilder.CreateIndex(
                name: "IX_Holidays_OrganisationId_Date",
                table: "Holidays",
                columns: new[] { "OrganisationId", "Date" },
                unique: true);
        }
    }
}
