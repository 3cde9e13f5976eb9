using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "LeafHash",
                table: "AuditEntries",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeafIndex",
                table: "AuditEntries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Personal",
                table: "AuditEntries",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PersonalCommitment",
                table: "AuditEntries",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PersonalSalt",
                table: "AuditEntries",
                type: "bytea",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SubjectId",
                table: "AuditEntries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditCheckpoints",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Root = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditCheckpoints", x => new { x.OrganisationId, x.Size });
                    table.ForeignKey(
                        name: "FK_AuditCheckpoints_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuditLogHeads",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLogHeads", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_AuditLogHeads_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuditNodes",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditNodes", x => new { x.OrganisationId, x.Level, x.Index });
                    table.ForeignKey(
                        name: "FK_AuditNodes_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuditSigningKeys",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", maxLength: 128, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditSigningKeys", x => new { x.OrganisationId, x.KeyId });
                    table.ForeignKey(
                        name: "FK_AuditSigningKeys_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OrganisationId_LeafIndex",
                table: "AuditEntries",
                columns: new[] { "OrganisationId", "LeafIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OrganisationId_SubjectId",
                table: "AuditEntries",
                columns: new[] { "OrganisationId", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditCheckpoints_OrganisationId_At",
                table: "AuditCheckpoints",
                columns: new[] { "OrganisationId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditCheckpoints");

            migrationBuilder.DropTable(
                name: "AuditLogHeads");

            migrationBuilder.DropTable(
                name: "AuditNodes");

            migrationBuilder.DropTable(
                name: "AuditSigningKeys");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_OrganisationId_LeafIndex",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_OrganisationId_SubjectId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "LeafHash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "LeafIndex",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Personal",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PersonalCommitment",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PersonalSalt",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "SubjectId",
                table: "AuditEntries");
        }
    }
}
