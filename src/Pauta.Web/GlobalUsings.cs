// Namespaces nearly every page, endpoint and service of the web app uses.
global using System.ComponentModel.DataAnnotations;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Localization;
global using Pauta.Core.Common;
global using Pauta.Core.Organisations;
global using Pauta.Data;
global using Pauta.Web.Features.Shared;
global using Pauta.Web.Infrastructure;
