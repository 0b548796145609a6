l = 1
  t = <<-EOT
    hell  *a == "%{ ifva *a == "= "%{ ifva *a == "%{ ifva *a == "%<<EOT
 *a == "%{ ifva *a == "%-pl %-pl =























= "%{ ifva *a == "= "%{ ifva *a == "%{ ifva *a == "%<<EOT
 *a == "%{ ifva *a == "%-pl %-pl =






































d
    EOT
  bPva "%{ ifva *a == "%{ ifva *a == "= "%{ ifva *a == "%{ ifva *a == "%<<EOT
 *a == "%{ ifva *a == "%-pl %-pl =























= "%{ ifva *a == "= "%{ ifva *a == "%{ ifva *a == "%<<EOT
 *a == "%{ ifva *a == "%-pl %-pl =





































    E




  b = 1
  c = {
  k = 1
   t = <<-EOT
 
  c = {
  k = 1
}
  d  =3e P


















































d
    EOT
  b = 1
  c = {
  k = 1
   t = <<-EOT
 
  c = {
  k = 1
}
  d  =3e P