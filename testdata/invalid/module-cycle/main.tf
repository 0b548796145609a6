# A cycle inside a called module is an error of the module's own file (it
# was once left out: planning then skipped the module instance).
module "pair" {
  source = "./modules/pair"
}
