//! `scaffold check [FILE]`: validates a spec and says what it would generate.

use std::path::Path;

use crate::error::Error;
use crate::pipeline::Generation;

pub(crate) fn run(path: &Path) -> Result<(), Error> {
    let source = fs_err::read_to_string(path)?;
    let generation = Generation::new_project(&source, &path.display().to_string())?;
    let model = &generation.model;
    println!(
        "{}: valid. Project `{}` on {}, auth {}.",
        path.display(),
        model.project.name,
        model.backend.name,
        if model.auth.enabled { "on" } else { "off" }
    );
    let prefix = &model.project.api_prefix;
    if model.auth.enabled {
        println!("  POST {prefix}/auth/register, POST {prefix}/auth/token, GET {prefix}/users/me");
    }
    for resource in &model.resources {
        let fields: Vec<&str> = resource
            .fields
            .iter()
            .map(|f| f.json_name.as_str())
            .collect();
        println!(
            "  {prefix}{}  table {}  fields: {}",
            resource.path,
            resource.table,
            fields.join(", ")
        );
        for operation in &resource.operations {
            println!(
                "    {:<6} {prefix}{}",
                operation.method.to_uppercase(),
                operation.path
            );
        }
    }
    for job in &model.jobs.list {
        let queued = if job.http {
            format!("POST {prefix}{}", job.path)
        } else {
            "from code".to_owned()
        };
        let schedule = job
            .cron
            .as_ref()
            .map(|cron| format!(", on `{cron}` (UTC)"))
            .unwrap_or_default();
        println!("  job {}: {queued}{schedule}", job.name);
    }
    if model.jobs.enabled {
        println!("    GET    {prefix}/tasks, GET|DELETE {prefix}/tasks/{{id}}");
    }
    println!("{} files would be generated.", generation.files.len());
    Ok(())
}
